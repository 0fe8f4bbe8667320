package io.gatehouse.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatehouse proxy --access-log-file FILE}: the access log buffered into a file of its own (ADR 0021). */
class ProxyCommandAccessLogFileTest {

    @TempDir
    Path dir;

    @Test
    void aLineLoggedWhileIdleIsInTheFileWithinTheFlushInterval() throws Exception {
        Path file = dir.resolve("access.log");
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = command("--to", backend.uri().toString(), "--access-log-file", file.toString());
            try (EmbeddedServer proxy = command.start()) {
                assertEquals(200, Http.get(URI.create(proxy.uri() + "/items/7?token=secret")).statusCode());
                await().atMost(AccessLogFile.FLUSH_EVERY.multipliedBy(5)).untilAsserted(() -> {
                    List<String> lines = Files.readAllLines(file);
                    assertEquals(1, lines.size(), lines.toString());
                    assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+ 127\\.0\\.0\\.1 - "
                            + "\"GET /items/7\" 200 \\d+ in=0 id=\\S+ route=\\S+ upstream=\\S+ time=.*"), lines.get(0));
                });
            }
        }
    }

    @Test
    void linesStillBufferedWhenTheProxyStopsAreWritten() throws Exception {
        Path file = dir.resolve("access.json");
        int requests = 200;
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = command("--to", backend.uri().toString(), "--access-log", "json",
                    "--access-log-file", file.toString());
            try (EmbeddedServer proxy = command.start()) {
                for (int i = 0; i < requests; i++) {
                    assertEquals(200, Http.get(URI.create(proxy.uri() + "/n/" + i)).statusCode());
                }
            } // stopped at once: the last lines are still in the buffer
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(requests, lines.size());
        for (int i = 0; i < requests; i++) {
            assertTrue(lines.get(i).startsWith("{\"id\":") && lines.get(i).contains("\"path\":\"/n/" + i + "\""), lines.get(i));
        }
    }

    @Test
    void aFileThatCannotBeWrittenIsAUsageErrorNamingTheOption() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = command("--to", backend.uri().toString(), "--access-log-file", dir.toString());
            CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, command::start);
            assertTrue(e.getMessage().startsWith("--access-log-file: '" + dir + "' cannot be written"), e.getMessage());
        }
    }

    private static ProxyCommand command(String... args) {
        ProxyCommand command = new ProxyCommand();
        String[] all = new String[args.length + 2];
        all[0] = "--listen";
        all[1] = "127.0.0.1:0";
        System.arraycopy(args, 0, all, 2, args.length);
        new CommandLine(command).parseArgs(all);
        return command;
    }
}

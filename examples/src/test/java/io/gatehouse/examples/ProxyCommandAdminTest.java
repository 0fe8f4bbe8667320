package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gatehouse proxy --admin-port}: the status page and admin API on a loopback port of their own. */
class ProxyCommandAdminTest {

    @Test
    void theAdminPortServesTheStatusPageAndTheApiAndStopsWithTheProxy() throws Exception {
        try (DemoBackend a = DemoBackend.start("a")) {
            ProxyCommand command = new ProxyCommand();
            new CommandLine(command).parseArgs("--listen", "127.0.0.1:0", "--to", a.uri().toString(), "--admin-port", "0");
            URI admin;
            try (EmbeddedServer proxy = command.start()) {
                admin = command.adminServer.uri();
                assertEquals("127.0.0.1", admin.getHost(), "loopback only");
                assertEquals("a", Http.echo(proxy.uri(), "/x").backend());

                HttpResponse<String> page = Http.get(URI.create(admin + "/"));
                assertEquals(200, page.statusCode());
                assertTrue(page.body().contains("<title>Gatehouse status</title>"));
                HttpResponse<String> upstreams = Http.get(URI.create(admin + "/api/upstreams"));
                assertEquals(200, upstreams.statusCode());
                assertTrue(upstreams.body().contains("\"health\":\"HEALTHY\""), upstreams.body());
                assertTrue(upstreams.body().contains("\"uri\":\"" + a.uri().toString().replaceAll("/$", "") + "\""),
                        upstreams.body());
                assertEquals("/api/upstreams", Http.echo(proxy.uri(), "/api/upstreams").path(),
                        "the proxy's own port forwards every path; the admin is on its own port");
            }
            URI stopped = admin;
            assertThrows(IOException.class, () -> Http.get(URI.create(stopped + "/")), "the admin server stopped with the proxy");
        }
    }

    @Test
    void aRefusedReloadOfTheConfigFileIsReportedByTheAdminApi(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (DemoBackend a = DemoBackend.start("a")) {
            java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("gatehouse.yaml"),
                    "groups: {app: {upstreams: [" + a.uri() + "]}}\nroutes: [{id: all, pathPrefix: /, to: app}]\n");
            ProxyCommand command = new ProxyCommand();
            new CommandLine(command).parseArgs("--listen", "127.0.0.1:0", "--config", file.toString(), "--admin-port", "0");
            try (EmbeddedServer proxy = command.start()) {
                URI config = URI.create(command.adminServer.uri() + "/api/config");
                String before = Http.get(config).body();
                assertTrue(before.contains("\"refused\":0") && before.contains("\"lastError\":null"), before);

                java.nio.file.Files.writeString(file, "groups: {app: {upstreams: [" + a.uri() + "]}}\n"
                        + "routes: [{id: all, pathPrefx: /, to: app}]\n");
                org.awaitility.Awaitility.await("the refused change in api/config").atMost(java.time.Duration.ofSeconds(20))
                        .until(() -> Http.get(config).body().contains("\"refused\":1"));
                String after = Http.get(config).body();
                assertTrue(after.contains("pathPrefx: unknown key; did you mean 'pathPrefix'?"), after);
                assertEquals("a", Http.echo(proxy.uri(), "/x").backend(), "the last good configuration keeps serving");
            }
        }
    }

    @Test
    void anAdminPortOutOfRangeIsAUsageError() {
        ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs("--to", "http://127.0.0.1:9001", "--admin-port", "70000");

        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, command::start);
        assertEquals("--admin-port: 70000 (expected: 0 to 65535; 0 for any free port)", e.getMessage());
    }
}

package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code gatehouse} command line: help, usage errors and configuration errors, without starting anything. */
class MainTest {

    /** What one run of the command line did. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run gatehouse(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void helpPrintsTheUsageWithTheProxyCommand() {
        Run run = gatehouse("--help");

        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: gatehouse"), run.out());
        assertTrue(run.out().contains("--port=PORT"), run.out());
        assertTrue(run.out().contains("proxy"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void proxyHelpPrintsItsOptions() {
        Run run = gatehouse("proxy", "--help");

        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: gatehouse proxy"), run.out());
        assertTrue(run.out().contains("--listen=HOST:PORT"), run.out());
        assertTrue(run.out().contains("--to=URL"), run.out());
    }

    @Test
    void unknownFlagPrintsTheUsageToStderrAndExitsNonZero() {
        Run run = gatehouse("--bogus");

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("Unknown option: '--bogus'"), run.err());
        assertTrue(run.err().contains("Usage: gatehouse"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void portOutOfRangeIsAUsageError() {
        Run run = gatehouse("--port", "70000");

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("--port: 70000 (expected: 0 to 65535)"), run.err());
    }

    @Test
    void proxyWithoutUpstreamIsAUsageError() {
        Run run = gatehouse("proxy");

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("Missing required option: '--to=URL'"), run.err());
    }

    @Test
    void badUpstreamUrlNamesTheProblemWithoutAStackTrace() {
        Run run = gatehouse("proxy", "--listen", "127.0.0.1:0", "--to", "localhost:9001");

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("Invalid proxy configuration: upstream 'localhost:9001' in group 'upstreams':"
                + " must be an absolute http or https URI, e.g. 'http://127.0.0.1:8080'"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void badListenAddressNamesTheOption() {
        Run run = gatehouse("proxy", "--listen", "8080", "--to", "http://127.0.0.1:9001");

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("Invalid value for option '--listen': '8080' (expected: HOST:PORT"), run.err());
    }

    @Test
    void takenPortIsReportedInOneLineWithExitCode1() throws Exception {
        try (EmbeddedServer taken = EmbeddedServer.start("127.0.0.1", 0, context -> { })) {
            Run run = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> gatehouse("proxy", "--listen", "127.0.0.1:" + taken.port(), "--to", "http://127.0.0.1:9001"));

            assertEquals(CommandLine.ExitCode.SOFTWARE, run.exitCode());
            assertTrue(run.err().startsWith("gatehouse: Failed to bind to /127.0.0.1:" + taken.port()), run.err());
            assertFalse(run.err().contains("\tat "), run.err());
        }
    }
}

package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gatehouse.proxy.jetty.SelfSignedCertificate;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code gatehouse} command line: help, usage errors and configuration errors, without starting anything. */
class MainTest {

    /** What one run of the command line did. */
    private record Run(int exitCode, String out, String err) {
    }

    @TempDir
    Path dir;

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
        assertTrue(run.out().contains("--tls-keystore=FILE"), run.out());
        assertTrue(run.out().contains("--tls-password=PASSWORD"), run.out());
        assertTrue(run.out().contains("GATEHOUSE_TLS_PASSWORD"), run.out());
        assertTrue(run.out().contains("--tls-self-signed"), run.out());
        assertTrue(run.out().contains("--hsts[=SECONDS]"), run.out());
        assertTrue(run.out().contains("--http-redirect-port=PORT"), run.out());
    }

    @Test
    void quickStartHelpOffersASelfSignedCertificate() {
        Run run = gatehouse("--help");

        assertTrue(run.out().contains("--tls-self-signed"), run.out());
    }

    @Test
    void keyStoreWithoutPasswordIsAUsageErrorNamingTheEnvironmentVariable() throws Exception {
        assumeTrue(System.getenv("GATEHOUSE_TLS_PASSWORD") == null, "GATEHOUSE_TLS_PASSWORD is set in this environment");
        Path keyStore = SelfSignedCertificate.generate("localhost").writeKeyStore(dir.resolve("site.p12"), "right");

        Run run = gatehouse("proxy", "--to", "http://127.0.0.1:9001", "--tls-keystore", keyStore.toString());

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("--tls-password: missing (expected: the key store's password,"
                + " or GATEHOUSE_TLS_PASSWORD set)"), run.err());
    }

    @Test
    void keyStoreWithTheWrongPasswordIsAUsageError() throws Exception {
        Path keyStore = SelfSignedCertificate.generate("localhost").writeKeyStore(dir.resolve("site.p12"), "right");

        Run run = gatehouse("proxy", "--to", "http://127.0.0.1:9001", "--tls-keystore", keyStore.toString(),
                "--tls-password", "wrong");

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("--tls-keystore: '" + keyStore + "' cannot be opened with the password given ("),
                run.err());
        assertTrue(run.err().contains("); check --tls-password or GATEHOUSE_TLS_PASSWORD"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void missingKeyStoreIsAUsageError() {
        Path missing = dir.resolve("missing.p12");

        Run run = gatehouse("proxy", "--to", "http://127.0.0.1:9001", "--tls-keystore", missing.toString(),
                "--tls-password", "x");

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("--tls-keystore: '" + missing + "' is not a readable file"), run.err());
    }

    @Test
    void keyStoreAndSelfSignedTogetherIsAUsageError() {
        Run run = gatehouse("proxy", "--to", "http://127.0.0.1:9001", "--tls-keystore", "site.p12",
                "--tls-password", "x", "--tls-self-signed");

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("--tls-keystore and --tls-self-signed: choose one"), run.err());
    }

    @Test
    void hstsAndRedirectWithoutTlsAreUsageErrors() {
        Run hsts = gatehouse("proxy", "--to", "http://127.0.0.1:9001", "--hsts");
        Run redirect = gatehouse("proxy", "--to", "http://127.0.0.1:9001", "--http-redirect-port", "8080");

        assertEquals(CommandLine.ExitCode.USAGE, hsts.exitCode());
        assertTrue(hsts.err().startsWith("--hsts: needs TLS (expected: with --tls-keystore or --tls-self-signed)"),
                hsts.err());
        assertEquals(CommandLine.ExitCode.USAGE, redirect.exitCode());
        assertTrue(redirect.err().startsWith("--http-redirect-port: needs TLS"), redirect.err());
    }

    @Test
    void redirectOnTheHttpsPortIsAUsageError() {
        Run run = gatehouse("proxy", "--to", "http://127.0.0.1:9001", "--tls-self-signed",
                "--listen", "127.0.0.1:8443", "--http-redirect-port", "8443");

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("--http-redirect-port: 8443 is the HTTPS port too"), run.err());
    }

    @Test
    void unknownFlagPrintsTheOneErrorAndAHintNotTheHelp() {
        Run run = gatehouse("--bogus");

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertEquals(List.of("Unknown option: '--bogus'", "Try 'gatehouse --help' for more information."),
                run.err().lines().toList());
        assertEquals("", run.out());
    }

    @Test
    void aProxyUsageErrorHintsAtTheProxyHelpAndSuggestsTheOptionMeant() {
        Run run = gatehouse("proxy", "--to", "http://127.0.0.1:9001", "--retris", "1");

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        List<String> lines = run.err().lines().toList();
        assertEquals("Unknown options: '--retris', '1'", lines.get(0), run.err());
        assertEquals("Did you mean: --retries or --redis?", lines.get(1), run.err()); // the closest first
        assertEquals("Try 'gatehouse proxy --help' for more information.", lines.get(2), run.err());
        assertEquals(3, lines.size(), run.err());
        assertFalse(run.err().contains("Usage:"), run.err());
    }

    @Test
    void anInvalidValueFoundWhileStartingIsOneLinePlusTheHint() {
        Run run = gatehouse("proxy", "--to", "http://127.0.0.1:9001", "--retries", "10");

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertEquals(List.of("--retries: 10 (expected: 0 to 9; 0 turns retries off)",
                "Try 'gatehouse proxy --help' for more information."), run.err().lines().toList());
    }

    @Test
    void versionPrintsTheProjectVersion() {
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"-V"}, new String[] {"proxy", "--version"})) {
            Run run = gatehouse(args);

            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().matches("gatehouse \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), List.of(args) + ": " + run.out());
            assertEquals("", run.err());
        }
    }

    @Test
    void helpOffersTheVersionOption() {
        assertTrue(gatehouse("--help").out().contains("-V, --version"));
        assertTrue(gatehouse("proxy", "--help").out().contains("-V, --version"));
    }

    @Test
    void theTlsPasswordIsNeverEchoedInAUsageError() {
        // A password that reads like a cluster of short options (-h...) is refused by the parser, which quotes it.
        Run lookingLikeOptions = gatehouse("proxy", "--to", "http://127.0.0.1:9001", "--tls-keystore", "site.p12",
                "--tls-password", "-hhh");
        Run separate = gatehouse("proxy", "--to", "http://127.0.0.1:9001", "--tls-keystore", "site.p12",
                "--tls-password", "-s3cret-pw");
        Run joined = gatehouse("proxy", "--to", "http://127.0.0.1:9001", "--tls-password=s3cret-pw", "extra");

        assertEquals(CommandLine.ExitCode.USAGE, lookingLikeOptions.exitCode());
        assertEquals("Expected parameter for option '--tls-password' but found '***'",
                lookingLikeOptions.err().lines().findFirst().orElseThrow());
        assertFalse(lookingLikeOptions.err().contains("-hhh"), lookingLikeOptions.err());
        assertEquals(CommandLine.ExitCode.USAGE, separate.exitCode());
        assertFalse(separate.err().contains("s3cret"), separate.err());
        assertEquals(CommandLine.ExitCode.USAGE, joined.exitCode());
        assertFalse(joined.err().contains("s3cret"), joined.err());
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
        assertTrue(run.err().startsWith("Missing --to URL or --config FILE"), run.err());
    }

    @Test
    void badUpstreamUrlNamesTheProblemWithoutAStackTrace() {
        Run run = gatehouse("proxy", "--listen", "127.0.0.1:0", "--to", "localhost:9001");

        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("--to 'localhost:9001':"
                + " must be an absolute http or https URI (h2c or h2 for HTTP/2), e.g. 'http://127.0.0.1:8080'"), run.err());
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

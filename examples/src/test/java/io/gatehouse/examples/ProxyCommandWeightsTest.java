package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Upstream;
import io.gatehouse.proxy.UpstreamGroup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code gatehouse proxy --to 'URL;weight=N'}: weights reach the weighted policies (weighted round
 * robin by default once one is given), and configuration errors speak of options, never of the
 * implicit group or route, and never echo a password.
 */
class ProxyCommandWeightsTest {

    /** What one run of the command line printed to stderr, with its exit code. */
    private record Run(int exitCode, String err) {
    }

    @Test
    void aWeightOfThreeGetsThreeRequestsInFour() throws Exception {
        try (DemoBackend heavy = DemoBackend.start("heavy"); DemoBackend light = DemoBackend.start("light")) {
            ProxyCommand command = new ProxyCommand();
            new CommandLine(command).parseArgs("--listen", "127.0.0.1:0",
                    "--to", heavy.uri() + ";weight=3", "--to", light.uri().toString());
            try (EmbeddedServer proxy = command.start()) {
                Map<String, Integer> served = new HashMap<>();
                for (int i = 0; i < 40; i++) {
                    served.merge(Http.echo(proxy.uri(), "/w/" + i).backend(), 1, Integer::sum);
                }
                assertEquals(Map.of("heavy", 30, "light", 10), served, "smooth weighted round robin, 3:1");
            }
        }
    }

    @Test
    void weightsReachTheGroupAndSelectWeightedRoundRobinUnlessLbSaysOtherwise() {
        UpstreamGroup group = group("--to", "http://127.0.0.1:9001;weight=3", "--to", "http://127.0.0.1:9002");
        assertEquals(List.of(3, 1), group.upstreams().stream().map(Upstream::weight).toList());
        assertEquals("weightedRoundRobin", group.loadBalancer().toString());
        assertEquals("http://127.0.0.1:9001", group.upstreams().get(0).uri().toString(), "the weight is not in the URL");

        assertEquals("weightedRandom", group("--to", "http://127.0.0.1:9001; Weight = 2", "--lb", "weighted-random")
                .loadBalancer().toString());
        assertEquals(List.of(2), group("--to", "http://127.0.0.1:9001; Weight = 2").upstreams().stream()
                .map(Upstream::weight).toList());
        assertEquals("roundRobin", group("--to", "http://127.0.0.1:9001").loadBalancer().toString(), "no weights");
    }

    @Test
    void aSemicolonThatIsNotAWeightStaysInTheUrl() {
        UpstreamGroup group = group("--to", "http://127.0.0.1:9001/base;v=1");

        assertEquals("/base;v=1", group.upstreams().get(0).basePath());
        assertEquals(1, group.upstreams().get(0).weight());
    }

    @Test
    void badWeightsAreUsageErrorsNamingTheOption() {
        String expected = " (expected: URL or URL;weight=N with N from 1 to 1000, e.g. 'http://127.0.0.1:9001;weight=3')";
        for (String weight : List.of("0", "-1", "1001", "x", "", "3.5")) {
            String value = "http://127.0.0.1:9001;weight=" + weight;
            assertUsageError("Invalid value for option '--to' (URL[;weight=N]): '" + value + "'" + expected, "--to", value);
        }
        assertUsageError("Invalid value for option '--to' (URL[;weight=N]): 'http://127.0.0.1:9001;weight'" + expected,
                "--to", "http://127.0.0.1:9001;weight");
    }

    @Test
    void weightsWithAPolicyThatIgnoresThemAreAUsageError() {
        for (String policy : List.of("round-robin", "random")) {
            assertUsageError("--lb " + policy + ": ignores the weight of --to 'http://127.0.0.1:9001;weight=3' (expected:"
                    + " a policy that uses weights, e.g. weighted-round-robin, the default when a weight is given)",
                    "--to", "http://127.0.0.1:9001;weight=3", "--lb", policy);
        }
    }

    @Test
    void upstreamErrorsNameTheToOptionNotTheImplicitGroup() {
        Run bad = proxy("--to", "localhost:9001");
        assertEquals("--to 'localhost:9001': must be an absolute http or https URI (h2c or h2 for HTTP/2), e.g. 'http://127.0.0.1:8080'",
                bad.err().lines().findFirst().orElseThrow());

        Run twice = proxy("--to", "http://127.0.0.1:9001", "--to", "http://127.0.0.1:9001/");
        assertEquals("--to 'http://127.0.0.1:9001': given twice (expected: each upstream once)",
                twice.err().lines().findFirst().orElseThrow());

        Run both = proxy("--to", "localhost:9001", "--to", "http://127.0.0.1:9001?x=1");
        assertEquals(List.of("--to 'localhost:9001': must be an absolute http or https URI (h2c or h2 for HTTP/2), e.g. 'http://127.0.0.1:8080'",
                "--to 'http://127.0.0.1:9001?x=1': must not have a query ('?x=1'); the client's query is forwarded as it is",
                "Try 'gatehouse proxy --help' for more information."), both.err().lines().toList());
        for (Run run : List.of(bad, twice, both)) {
            assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
            assertFalse(run.err().contains("group"), run.err());
            assertFalse(run.err().contains("'upstreams'"), run.err());
        }
    }

    @Test
    void aPasswordInAnUpstreamUrlIsNeverEchoed() {
        Run userInfo = proxy("--to", "http://admin:s3cret@127.0.0.1:9001");
        Run badWeight = proxy("--to", "http://admin:s3cret@127.0.0.1:9001;weight=zero");
        Run forgotTo = proxy("--to", "http://127.0.0.1:9001", "http://admin:s3cret@127.0.0.1:9002");

        assertEquals("--to 'http://***@127.0.0.1:9001': must not carry user info; send credentials with a header instead",
                userInfo.err().lines().findFirst().orElseThrow());
        assertTrue(badWeight.err().startsWith("Invalid value for option '--to' (URL[;weight=N]): 'http://***@127.0.0.1:9001;weight=zero'"),
                badWeight.err());
        assertTrue(forgotTo.err().contains("'http://***@127.0.0.1:9002'"), forgotTo.err());
        for (Run run : List.of(userInfo, badWeight, forgotTo)) {
            assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
            assertFalse(run.err().contains("s3cret"), run.err());
            assertFalse(run.err().contains("admin"), run.err());
        }
    }

    @Test
    void helpShowsTheWeightSyntax() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.execute("proxy", "--help");

        assertTrue(out.toString().contains("--to=URL[;weight=N]"), out.toString());
        assertTrue(out.toString().contains("'http://127.0.0.1:9001;weight=3'"), out.toString());
    }

    private static Run proxy(String... options) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("proxy", "--listen", "127.0.0.1:0"));
        args.addAll(List.of(options));
        return new Run(commandLine.execute(args.toArray(String[]::new)), err.toString());
    }

    private static void assertUsageError(String message, String... options) {
        Run run = proxy(options);
        assertEquals(CommandLine.ExitCode.USAGE, run.exitCode(), run.err());
        assertEquals(message, run.err().lines().findFirst().orElseThrow());
    }

    private static UpstreamGroup group(String... options) {
        ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs(options);
        ProxyConfig config = command.config();
        return config.upstreamGroup(ConfigProblems.GROUP);
    }
}

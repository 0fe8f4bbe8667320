package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.health.HealthCheck;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code gatehouse proxy --lb NAME --health-path PATH --health-interval DURATION --retries N}:
 * every load balancing policy by name, consistent hashing by a request key, active health checks
 * and retries, through a running proxy; bad values are usage errors naming the option.
 */
class ProxyCommandBalancingTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyLoadBalancingPolicyIsSelectableByName() {
        Map<String, String> policies = new java.util.LinkedHashMap<>();
        policies.put("round-robin", "roundRobin");
        policies.put("weighted-round-robin", "weightedRoundRobin");
        policies.put("random", "random");
        policies.put("weighted-random", "weightedRandom");
        policies.put("least-requests", "leastRequests");
        policies.put("p2c", "powerOfTwoChoices");
        policies.put("power-of-two-choices", "powerOfTwoChoices");
        policies.put("peak-ewma", "peakEwma(decay PT10S)");
        policies.put("ip-hash", "consistentHash(client IP, load factor 1.25)");
        policies.put("consistent-hash:header:X-User", "consistentHash(header X-User, load factor 1.25)");
        policies.put("consistent-hash:cookie:session", "consistentHash(cookie session, load factor 1.25)");
        policies.put("consistent-hash:ip", "consistentHash(client IP, load factor 1.25)");
        policies.put("consistent-hash:path", "consistentHash(path, load factor 1.25)");
        policies.forEach((name, policy) ->
                assertEquals(policy, group("--lb", name).loadBalancer().toString(), "--lb " + name));
        assertEquals("roundRobin", group().loadBalancer().toString(), "the default");
    }

    @Test
    void healthChecksAndRetriesComeFromTheOptions() {
        ProxyConfig config = config("--health-path", "/ready", "--health-interval", "500ms", "--retries", "1");
        HealthCheck check = config.upstreamGroup("upstreams").healthCheck();
        assertEquals("/ready", check.path());
        assertEquals(Duration.ofMillis(500), check.interval());
        assertEquals(2, config.routes().get(0).retry().maxAttempts(), "one retry: two attempts");

        assertEquals("/health", config("--health-interval", "2s").upstreamGroup("upstreams").healthCheck().path());
        assertEquals(Duration.ofSeconds(10), config("--health-path", "/up").upstreamGroup("upstreams").healthCheck().interval());
        assertEquals(Duration.ofMinutes(1), config("--health-interval", "PT1M").upstreamGroup("upstreams").healthCheck().interval());
        assertNull(group().healthCheck(), "no health checks unless asked");
        assertEquals(3, config().routes().get(0).retry().maxAttempts(), "two retries by default");
        assertEquals(1, config("--retries", "0").routes().get(0).retry().maxAttempts());
    }

    @Test
    void consistentHashingOnAHeaderSendsEachUserToOneUpstream() throws Exception {
        try (DemoBackend a = DemoBackend.start("a"); DemoBackend b = DemoBackend.start("b"); DemoBackend c = DemoBackend.start("c");
             EmbeddedServer proxy = start("--lb", "consistent-hash:header:X-User", "--to", a.uri().toString(),
                     "--to", b.uri().toString(), "--to", c.uri().toString())) {
            Map<String, String> homes = new HashMap<>();
            for (int round = 0; round < 5; round++) {
                for (int user = 0; user < 12; user++) {
                    HttpResponse<String> response = get(proxy.uri(), "/profile", Map.of("X-User", "user-" + user));
                    assertEquals(200, response.statusCode());
                    String backend = Echo.parse(response.body()).backend();
                    String home = homes.putIfAbsent("user-" + user, backend);
                    assertTrue(home == null || home.equals(backend), "user-" + user + " moved from " + home + " to " + backend);
                }
            }
            assertTrue(new HashSet<>(homes.values()).size() >= 2, "users are spread over the upstreams: " + homes);
        }
    }

    @Test
    void retriesZeroLetsAFailedAttemptThroughAndTheDefaultRetriesItElsewhere() throws Exception {
        int dead = closedPort();
        try (DemoBackend live = DemoBackend.start("live");
             EmbeddedServer retrying = start("--to", "http://127.0.0.1:" + dead, "--to", live.uri().toString());
             EmbeddedServer notRetrying = start("--retries", "0", "--to", "http://127.0.0.1:" + dead, "--to", live.uri().toString())) {
            for (int i = 0; i < 6; i++) {
                assertEquals(200, get(retrying.uri(), "/" + i, Map.of()).statusCode(), "request " + i + " retried on the live one");
            }
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(get(notRetrying.uri(), "/" + i, Map.of()).statusCode());
            }
            assertTrue(statuses.contains(502), "without retries the dead upstream's share fails: " + statuses);
        }
    }

    @Test
    void aBackendFailingItsHealthCheckGetsNoMoreTraffic() throws Exception {
        try (DemoBackend a = DemoBackend.start("a");
             EmbeddedServer sick = EmbeddedServer.start("127.0.0.1", 0, context -> context.addServlet(
                     new ServletHolder(new SickServlet()), "/*"));
             EmbeddedServer proxy = start("--health-path", "/health", "--health-interval", "100ms", "--retries", "0",
                     "--to", a.uri().toString(), "--to", sick.uri().toString())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Set<String> lastTwenty;
            do {
                lastTwenty = new HashSet<>();
                for (int i = 0; i < 20; i++) {
                    HttpResponse<String> response = get(proxy.uri(), "/" + i, Map.of());
                    assertEquals(200, response.statusCode(), "the sick backend still serves requests");
                    lastTwenty.add(response.body().contains("\"backend\":\"a\"") ? "a" : response.body().trim());
                }
            } while (!lastTwenty.equals(Set.of("a")) && System.nanoTime() < deadline);
            assertEquals(Set.of("a"), lastTwenty, "only the healthy backend serves once checks took the other out");
        }
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption() {
        assertUsageError("Invalid value for option '--lb': 'fastest' (expected: one of round-robin, weighted-round-robin,"
                + " random, weighted-random, least-requests, p2c, peak-ewma, ip-hash, consistent-hash:header:NAME,"
                + " consistent-hash:cookie:NAME, consistent-hash:ip, consistent-hash:path)", "--lb", "fastest");
        assertUsageError("Invalid value for option '--lb': 'consistent-hash:header' (expected: consistent-hash:header:NAME,"
                + " consistent-hash:cookie:NAME, consistent-hash:ip or consistent-hash:path)", "--lb", "consistent-hash:header");
        assertUsageError("Invalid value for option '--lb': 'consistent-hash:header:X User': header name: 'X User'"
                + " (expected: a token such as 'X-User-Id')", "--lb", "consistent-hash:header:X User");
        assertUsageError("Invalid value for option '--health-interval': '0s' (expected: a positive duration such as"
                + " 500ms, 5s, 2m or PT5S)", "--health-interval", "0s");
        assertUsageError("Invalid value for option '--health-interval': 'often' (expected: a positive duration such as"
                + " 500ms, 5s, 2m or PT5S)", "--health-interval", "often");
        assertUsageError("--health-path: 'health' (expected: a path starting with '/', without spaces, e.g. /health)",
                "--health-path", "health");
        assertUsageError("--retries: 10 (expected: 0 to 9; 0 turns retries off)", "--retries", "10");
        assertUsageError("--retries: -1 (expected: 0 to 9; 0 turns retries off)", "--retries", "-1");
    }

    private static void assertUsageError(String message, String... options) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("proxy", "--listen", "127.0.0.1:0", "--to", "http://127.0.0.1:9001"));
        args.addAll(List.of(options));
        int exitCode = commandLine.execute(args.toArray(String[]::new));
        assertEquals(CommandLine.ExitCode.USAGE, exitCode, err.toString());
        assertTrue(err.toString().startsWith(message), "expected: " + message + "\nbut was: " + err);
    }

    private static ProxyConfig config(String... options) {
        List<String> args = new ArrayList<>(List.of("--to", "http://127.0.0.1:9001", "--to", "http://127.0.0.1:9002"));
        args.addAll(List.of(options));
        ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command.config();
    }

    private static UpstreamGroup group(String... options) {
        return config(options).upstreamGroup("upstreams");
    }

    private static EmbeddedServer start(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0"));
        args.addAll(List.of(options));
        ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command.start();
    }

    private static HttpResponse<String> get(URI base, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Serves every request but answers its health check with 503. */
    private static final class SickServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(request.getRequestURI().equals("/health") ? 503 : 200);
            response.setContentType("text/plain");
            response.getWriter().print("sick");
        }
    }
}

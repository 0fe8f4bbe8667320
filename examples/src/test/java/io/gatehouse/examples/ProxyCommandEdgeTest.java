package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ratelimit.Quota;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code gatehouse proxy --allow CIDR --deny CIDR --rate-limit RATE[/s][:BURST] --trusted-proxy CIDR
 * --max-body SIZE}, through a running proxy; bad values are usage errors naming the option.
 */
class ProxyCommandEdgeTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static ProxyCommand parse(String upstream, String... options) {
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--to", upstream));
        args.addAll(List.of(options));
        ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command;
    }

    private static HttpResponse<String> get(EmbeddedServer proxy, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(proxy.uri() + "/x")).timeout(Duration.ofSeconds(10));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(EmbeddedServer proxy, int bytes) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(proxy.uri() + "/upload")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[bytes])).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void allowAndDenyListsRefuseClientsWith403() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            String upstream = backend.uri().toString();
            try (EmbeddedServer proxy = parse(upstream, "--allow", "10.0.0.0/8", "--allow", "::1").start()) {
                assertProblem(403, get(proxy, null));
            }
            try (EmbeddedServer proxy = parse(upstream, "--allow", "10.0.0.0/8", "--allow", "127.0.0.1").start()) {
                assertEquals(200, get(proxy, null).statusCode());
            }
            try (EmbeddedServer proxy = parse(upstream, "--deny", "127.0.0.0/8").start()) {
                assertProblem(403, get(proxy, null));
            }
        }
    }

    @Test
    void rateLimitAnswers429PerClientWithItsHeaders() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a");
             EmbeddedServer proxy = parse(backend.uri().toString(), "--rate-limit", "1/m:2", "--trusted-proxy", "127.0.0.1")
                     .start()) {
            HttpResponse<String> first = get(proxy, "198.51.100.1");
            assertEquals(200, first.statusCode());
            assertEquals("\"default\";q=1;w=60", first.headers().firstValue("RateLimit-Policy").orElse(null));
            assertEquals(200, get(proxy, "198.51.100.1").statusCode());
            HttpResponse<String> refused = get(proxy, "198.51.100.1");
            assertProblem(429, refused);
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), refused.headers().toString());
            assertTrue(refused.headers().firstValue("RateLimit").isPresent(), refused.headers().toString());
            assertEquals(200, get(proxy, "198.51.100.2").statusCode(), "another client has its own bucket");
        }
    }

    @Test
    void trustedProxiesDecideWhoTheClientIs() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            String upstream = backend.uri().toString();
            try (EmbeddedServer proxy = parse(upstream, "--trusted-proxy", "127.0.0.1", "--deny", "203.0.113.0/24").start()) {
                assertProblem(403, get(proxy, "203.0.113.9"));
                assertEquals(200, get(proxy, "198.51.100.1").statusCode());
            }
            try (EmbeddedServer proxy = parse(upstream, "--allow", "198.51.100.0/24").start()) {
                assertProblem(403, get(proxy, "198.51.100.1"));
            }
        }
    }

    @Test
    void maxBodyRefusesLargerBodiesWith413() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a");
             EmbeddedServer proxy = parse(backend.uri().toString(), "--max-body", "1k").start()) {
            assertProblem(413, post(proxy, 1025));
            assertEquals(200, post(proxy, 1024).statusCode());
        }
    }

    @Test
    void rateLimitOptionReadsRatePeriodAndBurst() {
        assertEquals(Quota.perSecond(10), RateLimitOption.parse("10").quota());
        assertEquals(Quota.perSecond(10), RateLimitOption.parse("10/s").quota());
        assertEquals(Quota.perSecond(10).burst(50), RateLimitOption.parse("10/s:50").quota());
        assertEquals(Quota.perMinute(600).burst(20), RateLimitOption.parse("600/m:20").quota());
        assertEquals(Quota.perMinute(6).burst(1), RateLimitOption.parse("6/min:1").quota());
        assertEquals("10 requests/s, bursts of 50, per client", RateLimitOption.parse("10/s:50").toString());
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption() {
        assertUsageError("--allow", "--allow", "10.0.0.0/33");
        assertUsageError("--deny", "--deny", "not-an-address");
        assertUsageError("--trusted-proxy", "--trusted-proxy", "300.1.1.1");
        assertUsageError("--rate-limit", "--rate-limit", "fast");
        assertUsageError("--rate-limit", "--rate-limit", "0/s");
        assertUsageError("--rate-limit", "--rate-limit", "10/s:0");
        assertUsageError("--max-body", "--max-body", "0");
    }

    private static void assertUsageError(String option, String... args) {
        List<String> all = new ArrayList<>(List.of("--to", "http://127.0.0.1:9001"));
        all.addAll(List.of(args));
        ProxyCommand command = new ProxyCommand();
        CommandLine line = new CommandLine(command);
        Exception e = assertThrows(CommandLine.ParameterException.class, () -> {
            line.parseArgs(all.toArray(String[]::new));
            command.config();
        });
        assertTrue(e.getMessage().contains(option), e.getMessage());
    }
}

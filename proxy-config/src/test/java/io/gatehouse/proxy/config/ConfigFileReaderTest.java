package io.gatehouse.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.health.HealthCheck;
import io.gatehouse.proxy.resilience.RetryPolicy;
import io.gatehouse.proxy.routing.PathPattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A file with every option reaches the builder, and a reader keeps stateful parts across reads. */
class ConfigFileReaderTest {

    static String resource(String name) throws IOException {
        try (InputStream in = ConfigFileReaderTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A discovery that knows group "found" of everything.yaml. */
    static ServiceDiscovery discovery() {
        return new ServiceDiscovery() {
            @Override
            public java.util.Map<String, List<Upstream>> upstreams() {
                return java.util.Map.of("found", List.of(new Upstream("http://127.0.0.1:9005", 4)));
            }

            @Override
            public void start(Runnable onChange) {
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void everyOptionReachesTheConfiguration() throws IOException {
        ProxyConfig config = ConfigFileReader.builder().discovery(discovery()).build().read(resource("everything.yaml"), "everything.yaml");
        assertEquals("edge-1", config.via());
        assertEquals(32, config.maxConnectionsPerUpstream());
        assertEquals(Duration.ofSeconds(4), config.upstreamIdleTimeout());
        assertEquals(4096, config.edge().maxUriLength());
        assertEquals(16384, config.edge().maxHeaderSize());
        assertEquals("X-Trace-Id", config.edge().requestIdHeader());
        assertTrue(config.edge().allowTrace());
        assertFalse(config.upstreamTls().hostnameVerification());
        assertEquals(512, config.compression().minSize());
        assertEquals("edge-cache", config.httpCache().name());
        assertEquals(512 * 1024, config.httpCache().maxObjectBytes());
        assertNotNull(config.httpCache().purgeMethod());

        UpstreamGroup users = config.upstreamGroup("users");
        assertEquals(2, users.upstreams().size());
        assertEquals("second", users.upstreams().get(1).id());
        assertEquals(3, users.upstreams().get(1).weight());
        assertEquals("/base", users.upstreams().get(1).basePath());
        HealthCheck check = users.healthCheck();
        assertEquals("/health", check.path());
        assertEquals(Duration.ofSeconds(5), check.interval());
        assertEquals(299, check.maxStatus());
        assertEquals(2, check.unhealthyThreshold());
        assertEquals(3, users.outlierDetection().consecutiveFailures());
        assertEquals(0.3, users.outlierDetection().maxEjectedShare());
        assertEquals(Duration.ofSeconds(30), users.slowStart());
        assertFalse(users.panicMode());
        assertEquals(100, users.maxRequestsPerUpstream());
        assertEquals("STICKY", users.sessionAffinity().cookieName());
        assertFalse(config.upstreamGroup("canary").outlierDetection().enabled());
        assertEquals(4, config.upstreamGroup("found").upstreams().get(0).weight(), "from the service discovery");

        Route api = config.routes().get(0);
        assertEquals("users-api", api.id());
        assertEquals(-1, api.order());
        assertEquals(2, api.hosts().size());
        assertEquals(Set.of("GET", "POST"), api.methods());
        assertEquals(3, api.headers().size());
        assertEquals(2, api.queryParams().size());
        assertTrue(api.preserveHost());
        assertTrue(api.passServerHeaders());
        assertEquals(Duration.ofSeconds(2), api.connectTimeout());
        assertEquals(Duration.ofSeconds(10), api.responseTimeout());
        assertEquals(Duration.ofSeconds(20), api.idleTimeout());
        assertTrue(api.cache().storesAnything());
        assertEquals(0.2, api.cache().heuristicFraction());
        RetryPolicy retry = api.retry();
        assertEquals(2, retry.maxAttempts());
        assertTrue(retry.retryNonIdempotent());
        assertEquals(Set.of(503), retry.statuses());
        assertEquals(1024 * 1024, retry.replayLimit());
        assertEquals(Set.of("users", "canary"), api.split().groups());
        assertEquals(1, api.accessPolicies().size());
        assertEquals(1, api.rules().size());
        assertEquals(List.of("per-key", "all"), api.rateLimiters().stream().map(l -> l.name()).toList());
        assertNotNull(api.concurrencyLimiter());
        assertEquals(1024 * 1024, api.maxBodySize());
        assertTrue(api.forwardCredentials());
        assertFalse(api.webSockets());

        Route items = config.routes().get(1);
        assertEquals(RetryPolicy.none().maxAttempts(), items.retry().maxAttempts());
        assertEquals(Set.of("canary"), items.split().groups());
        assertEquals(1, items.accessPolicies().size());
        assertEquals(PathPattern.Kind.EXACT, config.routes().get(2).path().kind());
        assertEquals(PathPattern.Kind.TEMPLATE, items.path().kind());
    }

    @Test
    void unchangedCacheAndLimitersAreTheSameInstancesAfterARead() throws IOException {
        ConfigFileReader reader = ConfigFileReader.builder().discovery(discovery()).build();
        String text = resource("everything.yaml");
        ProxyConfig first = reader.read(text, "a.yaml");
        ProxyConfig second = reader.read(text.replace("via: edge-1", "via: edge-2"), "a.yaml");
        assertSame(first.httpCache(), second.httpCache());
        assertSame(first.routes().get(0).rateLimiters().get(0), second.routes().get(0).rateLimiters().get(0));
        assertSame(first.routes().get(0).concurrencyLimiter(), second.routes().get(0).concurrencyLimiter());

        assertThrows(ConfigFileException.class, () -> reader.read(text.replace("rate: 10/s", "rate: lots"), "a.yaml"));
        ProxyConfig third = reader.read(text.replace("rate: 10/s", "rate: 20/s"), "a.yaml");
        assertSame(first.httpCache(), third.httpCache(), "a failed read keeps what the last good one had");
        assertNotSame(first.routes().get(0).rateLimiters().get(0), third.routes().get(0).rateLimiters().get(0));
        assertSame(first.routes().get(0).rateLimiters().get(1), third.routes().get(0).rateLimiters().get(1));
    }

    @Test
    void valuesMayComeFromTheEnvironment() {
        java.util.Map<String, String> environment = java.util.Map.of("USERS", "http://127.0.0.1:9101", "KEY", "k-1");
        ProxyConfig config = ConfigFileReader.builder().environment(environment::get).build().read("groups:\n  users: {upstreams: ['${env:USERS}']}\n"
                + "routes:\n  - {id: a, to: users, access: {apiKey: {keys: ['${env:KEY}']}}}\n", "env.yaml");
        assertEquals("http://127.0.0.1:9101", config.upstreamGroup("users").upstreams().get(0).uri().toString());
        assertEquals(1, config.routes().get(0).accessPolicies().size());
    }
}

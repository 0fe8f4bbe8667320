package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.resilience.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.client.BytesRequestContent;
import org.junit.jupiter.api.Test;

/**
 * Something between the proxy and the upstream (a load balancer, a NAT) forgets connections idle
 * for 2 s without telling either side: the proxy only learns it when it sends on such a pooled
 * connection and gets a reset. Such a request is retried on a fresh connection and never
 * surfaces as a client error; with an upstream idle limit below the middlebox's, the proxy
 * evicts idle connections first and never meets a dead one, so even POSTs (never replayed once
 * sent) are safe.
 */
class StaleConnectionTest extends ProxyIntegrationTest {

    @Test
    void requestsOnConnectionsAMiddleboxForgotAreRetriedOnFreshOnes() throws Exception {
        try (Backend backend = Backend.ok("ok");
             SilentDropRelay middlebox = SilentDropRelay.to(backend.port(), Duration.ofSeconds(2));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(middlebox.uri()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            Bursts bursts = new Bursts(4, 100, 10, Duration.ofSeconds(3)).run(client,
                    (c, burst, i) -> c.newRequest(proxy.uri("/api/b" + burst + "/" + i)), burst -> { });

            System.out.printf("middlebox forgetting idle connections after 2 s, pauses of 3 s: %d GETs, %d failed;"
                            + " %d stale connections reset, %d connections opened%n", bursts.sent(),
                    bursts.failures().size(), middlebox.resets(), middlebox.connections());
            assertTrue(bursts.failures().isEmpty(), bursts.describeFailures());
            assertTrue(middlebox.resets() >= 10, "the proxy met the forgotten connections: " + middlebox.resets());
            assertEquals(400, backend.requestCount());
        }
    }

    @Test
    void aFreshConnectionIsFreshEvenOnARouteWithoutRetries() throws Exception {
        try (Backend backend = Backend.ok("ok");
             SilentDropRelay middlebox = SilentDropRelay.to(backend.port(), Duration.ofSeconds(2));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(middlebox.uri()))
                     .route("all", r -> r.retry(RetryPolicy.none()).to("g"))
                     .build())) {
            Bursts bursts = new Bursts(3, 100, 10, Duration.ofSeconds(3)).run(client,
                    (c, burst, i) -> c.newRequest(proxy.uri("/api/b" + burst + "/" + i)), burst -> { });

            System.out.printf("no retries, middlebox forgetting idle connections after 2 s, pauses of 3 s: %d GETs,"
                            + " %d failed; %d stale connections reset, %d connections opened%n", bursts.sent(),
                    bursts.failures().size(), middlebox.resets(), middlebox.connections());
            assertTrue(bursts.failures().isEmpty(), bursts.describeFailures());
            assertEquals(300, backend.requestCount());
        }
    }
}

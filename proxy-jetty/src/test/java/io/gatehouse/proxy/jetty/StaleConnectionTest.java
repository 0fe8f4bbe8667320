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
 * connection and gets a reset. Such a request is retried on a fresh connection — really fresh,
 * never another pooled one — and never surfaces as a client error, even on a route without
 * retries. With an upstream idle limit below the middlebox's, the proxy evicts idle connections
 * first and never meets a dead one, so even POSTs (never replayed once sent) are safe.
 */
class StaleConnectionTest extends ProxyIntegrationTest {

    @Test
    void requestsOnConnectionsAMiddleboxForgotAreRetriedOnFreshOnesEvenWithoutRetries() throws Exception {
        try (Backend backend = Backend.ok("ok");
             SilentDropRelay middlebox = SilentDropRelay.to(backend.port(), Duration.ofSeconds(2));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(middlebox.uri()))
                     .route("all", r -> r.retry(RetryPolicy.none()).to("g"))
                     .build())) {
            Bursts bursts = new Bursts(4, 100, 10, Duration.ofSeconds(3)).run(client,
                    (c, burst, i) -> c.newRequest(proxy.uri("/api/b" + burst + "/" + i)), burst -> { });

            System.out.printf("middlebox forgetting idle connections after 2 s, pauses of 3 s, route without retries:"
                            + " %d GETs, %d failed; %d stale connections reset, %d connections opened%n", bursts.sent(),
                    bursts.failures().size(), middlebox.resets(), middlebox.connections());
            assertTrue(bursts.failures().isEmpty(), bursts.describeFailures());
            assertTrue(middlebox.resets() >= 10, "the proxy met the forgotten connections: " + middlebox.resets());
            assertEquals(400, backend.requestCount());
        }
    }

    @Test
    void withAnUpstreamIdleTimeoutBelowTheMiddleboxsThePoolNeverHoldsADeadConnection() throws Exception {
        try (Backend backend = Backend.ok("ok");
             SilentDropRelay middlebox = SilentDropRelay.to(backend.port(), Duration.ofSeconds(2));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamIdleTimeout(Duration.ofSeconds(1))
                     .upstreamGroup("g", g -> g.upstream(middlebox.uri()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            Bursts bursts = new Bursts(3, 100, 10, Duration.ofSeconds(3)).run(client,
                    (c, burst, i) -> c.POST(proxy.uri("/api/orders"))
                            .body(new BytesRequestContent(("{\"burst\":" + burst + ",\"i\":" + i + "}")
                                    .getBytes(StandardCharsets.UTF_8))), burst -> { });

            System.out.printf("upstream idle timeout 1 s, middlebox forgetting idle connections after 2 s: %d POSTs,"
                            + " %d failed; %d stale connections reset, %d connections opened%n", bursts.sent(),
                    bursts.failures().size(), middlebox.resets(), middlebox.connections());
            assertTrue(bursts.failures().isEmpty(), bursts.describeFailures());
            assertEquals(0, middlebox.resets(), "the proxy closed its idle connections first");
            assertEquals(300, backend.requestCount());
        }
    }
}

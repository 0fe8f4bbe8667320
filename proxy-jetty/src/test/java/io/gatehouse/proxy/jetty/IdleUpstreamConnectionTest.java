package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An upstream that closes keep-alive connections idle for 2 s (without a word, as servers and
 * load balancers do): after each 3 s pause every pooled connection is gone, and no client
 * request ever sees it.
 */
class IdleUpstreamConnectionTest extends ProxyIntegrationTest {

    @Test
    void anUpstreamClosingIdleConnectionsAfter2sCostsNoRequestAfter3sPauses() throws Exception {
        try (Backend backend = Backend.closingIdleConnectionsAfter(Duration.ofSeconds(2), seen -> Backend.Reply.text(200, "ok"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            List<Set<Long>> connectionsByBurst = new ArrayList<>();
            Bursts bursts = new Bursts(5, 100, 10, Duration.ofSeconds(3)).run(client,
                    (c, burst, i) -> c.newRequest(proxy.uri("/api/b" + burst + "/" + i)),
                    burst -> {
                        Set<Long> connections = new HashSet<>();
                        for (Backend.Seen seen; (seen = backend.poll()) != null; ) {
                            connections.add(seen.connection());
                        }
                        connectionsByBurst.add(connections);
                    });

            System.out.printf("idle close after 2 s, pauses of 3 s: %d requests in 5 bursts, %d failed;"
                    + " upstream connections per burst %s%n", bursts.sent(), bursts.failures().size(),
                    connectionsByBurst.stream().map(Set::size).toList());
            assertTrue(bursts.failures().isEmpty(), bursts.describeFailures());
            assertEquals(500, backend.requestCount());
            for (int i = 1; i < connectionsByBurst.size(); i++) {
                Set<Long> reused = new HashSet<>(connectionsByBurst.get(i));
                reused.retainAll(connectionsByBurst.get(i - 1));
                assertTrue(reused.isEmpty(), "the upstream closed every connection during the pause; reused " + reused);
            }
        }
    }
}

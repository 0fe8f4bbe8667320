package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

/** One HttpClient for all upstreams, keep-alive pooling, and the per-upstream connection limit. */
class ConnectionPoolTest extends ProxyIntegrationTest {

    @Test
    void sequentialRequestsReuseOneKeepAliveConnection() throws Exception {
        try (Backend backend = Backend.ok("ok");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            Set<Long> upstreamConnections = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                assertEquals(200, client.GET(proxy.uri("/api/" + i)).getStatus());
                upstreamConnections.add(backend.take().connection());
            }
            assertEquals(1, upstreamConnections.size(), "connections opened: " + upstreamConnections);
        }
    }

    @Test
    void concurrentRequestsNeverOpenMoreThanTheConfiguredConnectionsPerUpstream() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        try (Backend backend = Backend.start(seen -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inFlight.decrementAndGet();
                return Backend.Reply.text(200, "ok");
            });
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .maxConnectionsPerUpstream(2)
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                responses.add(new CompletableResponseListener(client.newRequest(proxy.uri("/api/" + i))).send());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (inFlight.get() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(2, inFlight.get(), "two requests should be held by the upstream");
            release.countDown();
            for (CompletableFuture<ContentResponse> response : responses) {
                assertEquals(200, response.get(10, TimeUnit.SECONDS).getStatus());
            }
            Set<Long> connections = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                connections.add(backend.take().connection());
            }
            assertEquals(2, maxInFlight.get());
            assertTrue(connections.size() <= 2, "connections opened: " + connections);
        } finally {
            release.countDown();
        }
    }

    @Test
    void oneClientServesEveryUpstream() throws Exception {
        try (Backend a = Backend.ok("a");
             Backend b = Backend.ok("b");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("a", g -> g.upstream(a.uri().toString()))
                     .upstreamGroup("b", g -> g.upstream(b.uri().toString()))
                     .route("a", r -> r.pathPrefix("/a").to("a"))
                     .route("b", r -> r.pathPrefix("/b").to("b"))
                     .build())) {
            HttpClient before = proxy.servlet().upstreamClient();
            assertEquals("a", client.GET(proxy.uri("/api/a")).getContentAsString());
            assertEquals("b", client.GET(proxy.uri("/api/b")).getContentAsString());
            assertSame(before, proxy.servlet().upstreamClient());
            assertEquals(2, before.getDestinations().size());
        }
    }
}

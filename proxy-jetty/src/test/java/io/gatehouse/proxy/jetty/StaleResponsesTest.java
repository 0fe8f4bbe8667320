package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.cache.CachePolicy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/**
 * Stale responses through a real proxy (RFC 5861): {@code stale-while-revalidate} answers at
 * once and refreshes once in the background; {@code stale-if-error} answers when the origin is
 * down or answers 5xx, and only within its window.
 */
class StaleResponsesTest extends ProxyIntegrationTest {

    @Test
    void staleWhileRevalidateServesAtOnceRefreshesOnceInTheBackgroundAndTheNextRequestSeesTheRefresh() throws Exception {
        MutableClock clock = new MutableClock();
        AtomicInteger version = new AtomicInteger();
        CountDownLatch refreshMayAnswer = new CountDownLatch(1);
        try (Backend backend = CachingProxies.backend(clock, seen -> {
                int v = version.incrementAndGet();
                if (v > 1) {
                    await(refreshMayAnswer);
                }
                return Backend.Reply.text(200, "v" + v).with("Cache-Control", "max-age=10, stale-while-revalidate=60");
            });
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            assertEquals("v1", client.GET(proxy.uri("/api/swr")).getContentAsString());
            backend.take();
            clock.advance(Duration.ofSeconds(20));

            // The origin holds the refresh until released: these answers cannot have waited for it.
            for (int i = 0; i < 5; i++) {
                ContentResponse stale = client.GET(proxy.uri("/api/swr"));
                assertEquals("v1", stale.getContentAsString());
                assertEquals("gatehouse; hit; ttl=-10", stale.getHeaders().get("Cache-Status"), "RFC 9211 §2.5: stale hit");
                assertEquals("20", stale.getHeaders().get("Age"));
            }
            Backend.Seen refresh = backend.take();
            assertEquals("GET", refresh.method());
            assertEquals("/swr", refresh.target());
            assertEquals(2, backend.arrivals(), "five stale answers, one background refresh");

            refreshMayAnswer.countDown();
            ContentResponse refreshed = untilBody(proxy, "/api/swr", "v2");
            assertTrue(refreshed.getHeaders().get("Cache-Status").startsWith("gatehouse; hit; ttl="),
                    refreshed.getHeaders().get("Cache-Status"));
            assertEquals(2, backend.requestCount(), "the refreshed entry answers without another request");
        } finally {
            refreshMayAnswer.countDown();
        }
    }

    @Test
    void aBackgroundRefreshAnswered304FreshensTheStoredEntry() throws Exception {
        MutableClock clock = new MutableClock();
        try (Backend backend = CachingProxies.backend(clock, seen -> "\"e1\"".equals(seen.header("If-None-Match"))
                ? new Backend.Reply(304, java.util.Map.of("ETag", "\"e1\"", "Cache-Control", "max-age=100", "X-Seen", "304"),
                        new byte[0])
                : Backend.Reply.text(200, "body").with("ETag", "\"e1\"")
                        .with("Cache-Control", "max-age=10, stale-while-revalidate=60"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            client.GET(proxy.uri("/api/e"));
            backend.take();
            clock.advance(Duration.ofSeconds(20));
            assertEquals("body", client.GET(proxy.uri("/api/e")).getContentAsString());
            assertEquals("\"e1\"", backend.take().header("If-None-Match"), "the refresh is a validation");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            ContentResponse response;
            do {
                response = client.GET(proxy.uri("/api/e"));
                Thread.onSpinWait();
            } while (!"304".equals(response.getHeaders().get("X-Seen")) && System.nanoTime() < deadline);
            assertEquals("body", response.getContentAsString());
            assertEquals("max-age=100", response.getHeaders().get("Cache-Control"));
            assertTrue(response.getHeaders().get("Cache-Status").startsWith("gatehouse; hit; ttl="),
                    response.getHeaders().get("Cache-Status"));
            assertEquals(2, backend.requestCount());
        }
    }

    @Test
    void pastTheStaleWhileRevalidateWindowTheClientWaitsForTheOrigin() throws Exception {
        MutableClock clock = new MutableClock();
        AtomicInteger version = new AtomicInteger();
        try (Backend backend = CachingProxies.backend(clock, seen -> Backend.Reply.text(200, "v" + version.incrementAndGet())
                .with("Cache-Control", "max-age=10, stale-while-revalidate=5"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            client.GET(proxy.uri("/api/swr"));
            clock.advance(Duration.ofSeconds(16));
            ContentResponse response = client.GET(proxy.uri("/api/swr"));
            assertEquals("v2", response.getContentAsString());
            assertTrue(response.getHeaders().get("Cache-Status").startsWith("gatehouse; fwd=stale; stored"),
                    response.getHeaders().get("Cache-Status"));
        }
    }

    @Test
    void staleIfErrorServesTheStoredResponseWhenTheOriginAnswers5xx() throws Exception {
        MutableClock clock = new MutableClock();
        AtomicInteger requests = new AtomicInteger();
        try (Backend backend = CachingProxies.backend(clock, seen -> requests.incrementAndGet() == 1
                ? Backend.Reply.text(200, "good").with("Cache-Control", "max-age=10, stale-if-error=60")
                : Backend.Reply.text(500, "broken"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            client.GET(proxy.uri("/api/sie"));
            clock.advance(Duration.ofSeconds(30));

            ContentResponse stale = client.GET(proxy.uri("/api/sie"));
            assertEquals(200, stale.getStatus());
            assertEquals("good", stale.getContentAsString());
            assertEquals("gatehouse; fwd=stale; fwd-status=500; ttl=-20", stale.getHeaders().get("Cache-Status"));

            clock.advance(Duration.ofSeconds(60));
            ContentResponse tooOld = client.GET(proxy.uri("/api/sie"));
            assertEquals(500, tooOld.getStatus(), "past stale-if-error the error goes through");
            assertEquals("broken", tooOld.getContentAsString());
        }
    }

    @Test
    void staleIfErrorServesTheStoredResponseWhenTheOriginIsDown() throws Exception {
        MutableClock clock = new MutableClock();
        try (Backend backend = CachingProxies.backend(clock, seen -> Backend.Reply.text(200, "kept")
                .with("Cache-Control", "max-age=10, stale-if-error=600"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            client.GET(proxy.uri("/api/down"));
            backend.stop();

            ContentResponse fresh = client.GET(proxy.uri("/api/down"));
            assertEquals("kept", fresh.getContentAsString(), "a fresh hit never needs the origin");

            clock.advance(Duration.ofSeconds(30));
            for (int i = 0; i < 3; i++) {
                ContentResponse stale = client.GET(proxy.uri("/api/down"));
                assertEquals(200, stale.getStatus());
                assertEquals("kept", stale.getContentAsString());
                assertTrue(stale.getHeaders().get("Cache-Status").startsWith("gatehouse; fwd=stale; ttl="),
                        stale.getHeaders().get("Cache-Status"));
            }
        }
    }

    @Test
    void theRequestsOwnStaleIfErrorAllowsAStaleAnswer() throws Exception {
        MutableClock clock = new MutableClock();
        AtomicInteger requests = new AtomicInteger();
        try (Backend backend = CachingProxies.backend(clock, seen -> requests.incrementAndGet() == 1
                ? Backend.Reply.text(200, "good").with("Cache-Control", "max-age=10")
                : Backend.Reply.text(503, "busy"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            client.GET(proxy.uri("/api/sie"));
            clock.advance(Duration.ofSeconds(30));

            assertNotEquals(200, client.GET(proxy.uri("/api/sie")).getStatus(), "the response itself allows no stale use");
            ContentResponse stale = client.newRequest(proxy.uri("/api/sie"))
                    .headers(h -> h.put("Cache-Control", "stale-if-error=60")).send();
            assertEquals(200, stale.getStatus());
            assertEquals("good", stale.getContentAsString());
        }
    }

    @Test
    void mustRevalidateForbidsStaleIfError() throws Exception {
        MutableClock clock = new MutableClock();
        AtomicInteger requests = new AtomicInteger();
        try (Backend backend = CachingProxies.backend(clock, seen -> requests.incrementAndGet() == 1
                ? Backend.Reply.text(200, "good").with("Cache-Control", "max-age=10, must-revalidate, stale-if-error=60")
                : Backend.Reply.text(502, "bad gateway"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            client.GET(proxy.uri("/api/mr"));
            clock.advance(Duration.ofSeconds(30));
            assertEquals(502, client.GET(proxy.uri("/api/mr")).getStatus(), "RFC 9111 §5.2.2.2");
        }
    }

    /** Requests the path until its body is {@code body} (the background refresh has landed), for at most 5 s. */
    private static ContentResponse untilBody(ProxyUnderTest proxy, String path, String body) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            ContentResponse response = client.GET(proxy.uri(path));
            if (body.equals(response.getContentAsString())) {
                return response;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + response.getContentAsString() + " after 5 s");
            }
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

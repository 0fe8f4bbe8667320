package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/**
 * Request coalescing through a real proxy: concurrent misses for one key make one origin request
 * and the others are answered from it ({@code collapsed}, RFC 9211 §2.6); when the leader's
 * response cannot be shared each waiter goes to the origin itself; a waiter gives up after the
 * coalescing timeout.
 */
class CacheCoalescingTest extends ProxyIntegrationTest {

    @Test
    void waitersAreAnsweredFromTheLeadersStoredResponseAndSaySo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Backend backend = Backend.start(seen -> {
                await(release);
                return Backend.Reply.text(200, "shared").with("Cache-Control", "max-age=60");
            });
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     HttpCache.builder().build(), CachePolicy.rfc9111()))) {
            List<CompletableFuture<ContentResponse>> responses = send(proxy, "/api/cold", 20);
            backend.take();
            release.countDown();
            int collapsed = 0;
            int stored = 0;
            for (CompletableFuture<ContentResponse> future : responses) {
                ContentResponse response = future.get(10, TimeUnit.SECONDS);
                assertEquals("shared", response.getContentAsString());
                String status = response.getHeaders().get("Cache-Status");
                collapsed += status.contains("; collapsed") ? 1 : 0;
                stored += status.contains("fwd=uri-miss; stored") ? 1 : 0;
            }
            assertEquals(1, backend.requestCount());
            assertEquals(1, stored, "the leader");
            assertTrue(collapsed >= 1, "requests that waited say collapsed (the others came after the store)");
        } finally {
            release.countDown();
        }
    }

    @Test
    void whenTheLeadersResponseCannotBeSharedEachWaiterGoesToTheOriginItself() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger n = new AtomicInteger();
        try (Backend backend = Backend.start(seen -> {
                await(release);
                return Backend.Reply.text(200, "private #" + n.incrementAndGet()).with("Cache-Control", "private");
            });
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     HttpCache.builder().build(), CachePolicy.rfc9111()))) {
            List<CompletableFuture<ContentResponse>> responses = send(proxy, "/api/mine", 10);
            backend.take();
            release.countDown();
            java.util.Set<String> bodies = new java.util.HashSet<>();
            for (CompletableFuture<ContentResponse> future : responses) {
                bodies.add(future.get(10, TimeUnit.SECONDS).getContentAsString());
            }
            assertEquals(10, bodies.size(), "nobody got a response fetched for another: " + bodies);
            assertEquals(10, backend.requestCount());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aWaiterGoesToTheOriginItselfAfterTheCoalescingTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger n = new AtomicInteger();
        try (Backend backend = Backend.start(seen -> {
                if (n.incrementAndGet() == 1) {
                    await(release);
                    return Backend.Reply.text(200, "slow").with("Cache-Control", "max-age=60");
                }
                return Backend.Reply.text(200, "fast").with("Cache-Control", "max-age=60");
            });
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     HttpCache.builder().coalescingTimeout(Duration.ofMillis(200)).build(), CachePolicy.rfc9111()))) {
            CompletableFuture<ContentResponse> leader = send(proxy, "/api/slow", 1).get(0);
            backend.take();
            ContentResponse waiter = client.GET(proxy.uri("/api/slow"));
            assertEquals("fast", waiter.getContentAsString(), "did not wait for the stuck leader");
            release.countDown();
            assertEquals("slow", leader.get(10, TimeUnit.SECONDS).getContentAsString());
        } finally {
            release.countDown();
        }
    }

    private static List<CompletableFuture<ContentResponse>> send(ProxyUnderTest proxy, String path, int count) {
        List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            responses.add(new CompletableResponseListener(client.newRequest(proxy.uri(path))).send());
        }
        return responses;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

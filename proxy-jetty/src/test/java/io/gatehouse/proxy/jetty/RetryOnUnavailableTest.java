package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.health.OutlierDetection;
import io.gatehouse.proxy.resilience.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/**
 * A backend answering 503 to everything: idempotent requests are answered by the others; a POST
 * that reached it is relayed as it is unless the route opted in to retrying non-idempotent
 * requests, in which case its body is replayed, byte for byte, to another upstream (within the
 * replay limit).
 */
class RetryOnUnavailableTest extends ProxyIntegrationTest {

    @Test
    void getsSucceedThroughTheOtherBackends() throws Exception {
        try (Backend a = Backend.ok("a");
             Backend unavailable = unavailable();
             Backend c = Backend.ok("c");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     // no ejection: every request the balancer sends to the 503 backend must be retried
                     .upstreamGroup("g", g -> g.upstream(a.uri().toString()).upstream(unavailable.uri().toString())
                             .upstream(c.uri().toString()).outlierDetection(OutlierDetection.disabled()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            int threads = 5;
            int perThread = 30;
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> loops = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    loops.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            try {
                                ContentResponse response = client.newRequest(proxy.uri("/api/" + thread + "/" + i))
                                        .timeout(10, TimeUnit.SECONDS).send();
                                if (response.getStatus() != 200) {
                                    failures.add(response.getStatus() + " " + response.getContentAsString());
                                }
                            } catch (Exception e) {
                                failures.add(e.toString());
                            }
                        }
                    }));
                }
                for (Future<?> loop : loops) {
                    loop.get(20, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            System.out.printf("503 backend: %d GETs, %d failed; the 503 backend answered %d (each retried), a %d, c %d%n",
                    threads * perThread, failures.size(), unavailable.requestCount(), a.requestCount(), c.requestCount());
            assertTrue(failures.isEmpty(), failures.size() + " failed, e.g. " + failures.stream().limit(3).toList());
            assertTrue(unavailable.requestCount() >= 30, "the 503 backend was tried: " + unavailable.requestCount());
            assertEquals(threads * perThread, a.requestCount() + c.requestCount());
        }
    }

    @Test
    void aPostThatReachedTheBackendIsNotReplayedByDefault() throws Exception {
        try (Backend unavailable = unavailable();
             Backend good = Backend.ok("good");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", twoUpstreams(unavailable, good, RetryPolicy.defaults()))) {
            byte[] body = bytes(10 * 1024);
            ContentResponse response = client.POST(proxy.uri("/api/orders")).body(new BytesRequestContent(body)).send();

            assertEquals(503, response.getStatus(), "the upstream's own 503 is relayed");
            assertEquals("unavailable", response.getContentAsString());
            assertArrayEquals(body, unavailable.take().body());
            assertEquals(0, good.requestCount(), "the POST was not replayed");
        }
    }

    @Test
    void aPostIsReplayedWholeWhenTheRouteOptedIn() throws Exception {
        try (Backend unavailable = unavailable();
             Backend good = Backend.ok("good");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", twoUpstreams(unavailable, good,
                     RetryPolicy.builder().retryNonIdempotent(true).build()))) {
            byte[] body = bytes(60 * 1024);
            ContentResponse response = client.POST(proxy.uri("/api/orders?x=1"))
                    .headers(h -> h.put("Content-Type", "application/octet-stream"))
                    .body(new BytesRequestContent(body)).send();

            assertEquals(200, response.getStatus(), response.getContentAsString());
            assertEquals("good", response.getContentAsString());
            assertArrayEquals(body, unavailable.take().body(), "the first attempt got the whole body");
            Backend.Seen replayed = good.take();
            assertEquals("POST", replayed.method());
            assertEquals("/orders?x=1", replayed.target());
            assertEquals(String.valueOf(body.length), replayed.header("Content-Length"));
            assertArrayEquals(body, replayed.body(), "the replay carries the same bytes");
        }
    }

    @Test
    void aPostLargerThanTheReplayLimitIsNotReplayedEvenWhenTheRouteOptedIn() throws Exception {
        try (Backend unavailable = unavailable();
             Backend good = Backend.ok("good");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", twoUpstreams(unavailable, good,
                     RetryPolicy.builder().retryNonIdempotent(true).replayLimit(16 * 1024).build()))) {
            byte[] body = bytes(256 * 1024);
            ContentResponse response = client.POST(proxy.uri("/api/orders")).body(new BytesRequestContent(body)).send();

            assertEquals(503, response.getStatus());
            assertArrayEquals(body, unavailable.take().body());
            assertEquals(0, good.requestCount(), "a body not kept whole cannot be replayed");
        }
    }

    /** The 503 backend first (round robin starts there), no ejection. */
    private static ProxyConfig twoUpstreams(Backend first, Backend second, RetryPolicy retry) {
        return ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(first.uri().toString()).upstream(second.uri().toString())
                        .outlierDetection(OutlierDetection.disabled()))
                .route("all", r -> r.retry(retry).to("g"))
                .build();
    }

    private static Backend unavailable() throws Exception {
        return Backend.start(seen -> Backend.Reply.text(503, "unavailable"));
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}

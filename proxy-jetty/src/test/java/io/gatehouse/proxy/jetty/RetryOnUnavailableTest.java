package io.gatehouse.proxy.jetty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.health.OutlierDetection;
import io.gatehouse.proxy.resilience.Backoff;
import io.gatehouse.proxy.resilience.RetryPolicy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * A backend answering 503 to everything: idempotent requests are answered by the others; a POST
 * that reached it is relayed as it is unless the route opted in to retrying non-idempotent
 * requests, in which case its body is replayed, byte for byte, to another upstream (within the
 * replay limit). A 503 that comes before much of a large body was sent is retried too: what was
 * sent is replayed, and the rest streams on to the new attempt, however large.
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
    void aGetAnswered503ByEveryUpstreamIsAskedOfEachOnceThenRelayed() throws Exception {
        try (Backend first = unavailable();
             Backend second = unavailable();
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", twoUpstreams(first, second, RetryPolicy.defaults()))) {
            ContentResponse response = client.GET(proxy.uri("/api/page"));

            assertEquals(503, response.getStatus());
            assertEquals("unavailable", response.getContentAsString(), "the last upstream's own 503");
            assertEquals(1, first.requestCount(), "an upstream that answered is not asked again");
            assertEquals(1, second.requestCount());
        }
    }

    @Test
    void theOnlyUpstreamsStatusIsRelayedAfterOneAttemptUnlessTheRouteAsksForMore() throws Exception {
        try (Backend only = unavailable();
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", oneUpstream(only, RetryPolicy.defaults()))) {
            assertEquals(503, client.GET(proxy.uri("/api/page")).getStatus());
            assertEquals(1, only.requestCount(), "a cache-only gateway does not triple the load on a failing origin");
        }
        RetryPolicy again = RetryPolicy.builder().retryStatusOnSameUpstream(true).backoff(Backoff.none()).build();
        try (Backend only = unavailable();
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", oneUpstream(only, again))) {
            assertEquals(503, client.GET(proxy.uri("/api/page")).getStatus());
            assertEquals(RetryPolicy.DEFAULT_MAX_ATTEMPTS, only.requestCount());
        }
    }

    @Test
    void aRouteWithRetryPolicyNoneMakesOneAttempt() throws Exception {
        try (Backend first = unavailable();
             Backend second = unavailable();
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", twoUpstreams(first, second, RetryPolicy.none()))) {
            assertEquals(503, client.GET(proxy.uri("/api/page")).getStatus());
            assertEquals(1, first.requestCount() + second.requestCount());
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

    @Test
    void aPostAnswered503EarlyIsReplayedThenStreamedOnWholeEvenPastTheReplayLimit() throws Exception {
        try (EarlyUnavailable unavailable = new EarlyUnavailable();
             Backend good = Backend.ok("good");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", earlyUnavailableFirst(unavailable, good))) {
            byte[] body = bytes(4 * 1024 * 1024);
            int head = 8 * 1024;
            AsyncRequestContent content = new AsyncRequestContent();
            CompletableFuture<ContentResponse> response = new CompletableResponseListener(
                    client.POST(proxy.uri("/api/upload")).body(content).timeout(20, TimeUnit.SECONDS), 1024).send();
            content.write(ByteBuffer.wrap(body, 0, head), Callback.NOOP);
            // The first upstream answers 503 after 8 KiB, the proxy retries on the second one...
            await().atMost(Duration.ofSeconds(5)).until(() -> good.arrivals() == 1);
            // ...and only then do the other 4 MiB come, far past the 64 KiB replay limit.
            content.write(ByteBuffer.wrap(body, head, body.length - head), Callback.NOOP);
            content.close();

            assertEquals(200, response.get(20, TimeUnit.SECONDS).getStatus());
            assertEquals(1, unavailable.requests());
            assertArrayEquals(body, good.take().body(), "the 8 KiB replayed, then the rest streamed on");
        }
    }

    @Test
    void theBodyArrivingWhileTheRetryWaitsGoesToTheNextAttemptNotTheAbandonedOne() throws Exception {
        try (EarlyUnavailable unavailable = new EarlyUnavailable();
             Backend good = Backend.ok("good");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", earlyUnavailableFirst(unavailable, good,
                     Backoff.exponential(Duration.ofMillis(500), Duration.ofMillis(500))))) {
            byte[] body = bytes(4 * 1024 * 1024);
            int head = 8 * 1024;
            AsyncRequestContent content = new AsyncRequestContent();
            CompletableFuture<ContentResponse> response = new CompletableResponseListener(
                    client.POST(proxy.uri("/api/upload")).body(content).timeout(20, TimeUnit.SECONDS), 1024).send();
            content.write(ByteBuffer.wrap(body, 0, head), Callback.NOOP);
            await().atMost(Duration.ofSeconds(20)).until(() -> unavailable.requests() == 1);
            // The rest comes while the proxy waits 500 ms before its retry: none of it may be
            // counted against the replay limit as sent to the abandoned first attempt.
            content.write(ByteBuffer.wrap(body, head, body.length - head), Callback.NOOP);
            content.close();

            assertEquals(200, response.get(20, TimeUnit.SECONDS).getStatus());
            assertArrayEquals(body, good.take().body());
        }
    }

    private static ProxyConfig earlyUnavailableFirst(EarlyUnavailable unavailable, Backend good) {
        return earlyUnavailableFirst(unavailable, good, RetryPolicy.DEFAULT_BACKOFF);
    }

    private static ProxyConfig earlyUnavailableFirst(EarlyUnavailable unavailable, Backend good, Backoff backoff) {
        return ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(unavailable.uri()).upstream(good.uri().toString())
                        .outlierDetection(OutlierDetection.disabled()))
                .route("all", r -> r.retry(RetryPolicy.builder().retryNonIdempotent(true).backoff(backoff).build()).to("g"))
                .build();
    }

    private static ProxyConfig oneUpstream(Backend only, RetryPolicy retry) {
        return ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(only.uri().toString()).outlierDetection(OutlierDetection.disabled()))
                .route("all", r -> r.retry(retry).to("g"))
                .build();
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

    /** Answers 503 to every request at once, without reading its body. */
    private static final class EarlyUnavailable implements AutoCloseable {
        private final org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server();
        private final org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server);
        private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

        EarlyUnavailable() throws Exception {
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            server.setHandler(new org.eclipse.jetty.server.Handler.Abstract() {
                @Override
                public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                      org.eclipse.jetty.util.Callback callback) {
                    requests.incrementAndGet();
                    response.setStatus(503);
                    org.eclipse.jetty.io.Content.Sink.write(response, true, "unavailable", callback);
                    return true;
                }
            });
            server.start();
        }

        String uri() {
            return "http://127.0.0.1:" + connector.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}

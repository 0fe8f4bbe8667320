package io.gatehouse.proxy.jetty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/**
 * One backend of three dying and coming back is invisible to clients: requests under way on it,
 * requests on its pooled connections and requests that find it refusing connections all go to
 * another upstream; outlier detection ejects it, and it gets traffic again once it is back.
 */
class FailoverTest extends ProxyIntegrationTest {

    private static final int THREADS = 8;

    @Test
    void aBackendStoppedAndRestartedMidRunCostsNoClientRequestAndGetsTrafficAgain() throws Exception {
        try (Backend a = Backend.ok("a");
             Backend b = Backend.ok("b");
             Backend c = Backend.ok("c");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g
                             .upstream(a.uri().toString())
                             .upstream(b.uri().toString(), u -> u.id("b"))
                             .upstream(c.uri().toString())
                             .outlierDetection(o -> o.consecutiveFailures(2)
                                     .baseEjectionTime(Duration.ofMillis(200))
                                     .maxEjectionTime(Duration.ofMillis(800))))
                     // a request b accepted as it stopped may never be answered: the response timeout
                     // (60 s by default, as nginx's proxy_read_timeout) bounds it, then it is retried
                     .route("all", r -> r.responseTimeout(Duration.ofSeconds(2)).to("g"))
                     .build())) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger completed = new AtomicInteger();
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService clients = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> loops = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    loops.add(clients.submit(() -> {
                        for (int i = 0; running.get(); i++) {
                            String path = "/api/t" + thread + "/" + i;
                            try {
                                ContentResponse response = client.newRequest(proxy.uri(path))
                                        .timeout(30, TimeUnit.SECONDS).send();
                                if (response.getStatus() != 200) {
                                    failures.add(path + ": " + response.getStatus() + " " + response.getContentAsString());
                                }
                            } catch (Exception e) {
                                failures.add(path + ": " + e);
                            }
                            completed.incrementAndGet();
                        }
                    }));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> completed.get() >= 500);
                b.stop();
                int seenBeforeStop = b.requestCount();
                int completedAtStop = completed.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> completed.get() >= completedAtStop + 700);
                String reason = proxy.servlet().engine().upstreams().status("g", "b").reason();
                assertTrue(reason.contains("consecutive failures"), "outlier detection ejected the stopped backend: " + reason);
                b.restart();
                int seenAtRestart = b.requestCount();
                int completedAtRestart = completed.get();
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> completed.get() >= 2000 && b.requestCount() >= seenAtRestart + 100);
                running.set(false);
                for (Future<?> loop : loops) {
                    loop.get(40, TimeUnit.SECONDS); // longer than a client request's own timeout
                }

                int total = completed.get();
                System.out.printf("failover: %d requests from %d threads, %d failed; backend b saw %d before it stopped,"
                                + " %d while stopped (%d client requests), %d after its restart (%d client requests);"
                                + " a %d, c %d%n", total, THREADS, failures.size(), seenBeforeStop,
                        seenAtRestart - seenBeforeStop, completedAtRestart - completedAtStop,
                        b.requestCount() - seenAtRestart, total - completedAtRestart, a.requestCount(), c.requestCount());
                assertTrue(failures.isEmpty(), failures.size() + " client requests failed, e.g. "
                        + failures.stream().limit(5).toList());
                assertTrue(total >= 2000, "requests sent: " + total);
                assertTrue(a.requestCount() + b.requestCount() + c.requestCount() >= total,
                        "every client request reached a backend whole");
                assertTrue(b.requestCount() - seenAtRestart >= 100, "the restarted backend receives traffic again");
            } finally {
                running.set(false);
                clients.shutdownNow();
            }
        }
    }
}

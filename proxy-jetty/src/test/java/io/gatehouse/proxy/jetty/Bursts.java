package io.gatehouse.proxy.jetty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;

/**
 * Bursts of concurrent requests separated by idle pauses (the pause is the scenario: pooled
 * connections sit idle while the upstream, or something in between, forgets them). Collects
 * every client-visible failure: a status other than 200 or an exception.
 */
final class Bursts {

    /** Builds the i-th request of a burst. */
    interface RequestFactory {
        Request create(HttpClient client, int burst, int index);
    }

    private final int bursts;
    private final int size;
    private final int threads;
    private final Duration pause;
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sent = new AtomicInteger();

    Bursts(int bursts, int size, int threads, Duration pause) {
        this.bursts = bursts;
        this.size = size;
        this.threads = threads;
        this.pause = pause;
    }

    /**
     * Sends every burst, pausing between them; {@code afterBurst} runs after each burst (with its
     * index) before the pause.
     */
    Bursts run(HttpClient client, RequestFactory requests, java.util.function.IntConsumer afterBurst) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int burst = 0; burst < bursts; burst++) {
                if (burst > 0) {
                    idle(pause);
                }
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> loops = new ArrayList<>();
                int b = burst;
                for (int t = 0; t < threads; t++) {
                    loops.add(pool.submit(() -> {
                        for (int i; (i = next.getAndIncrement()) < size; ) {
                            sent.incrementAndGet();
                            try {
                                ContentResponse response = requests.create(client, b, i).timeout(10, TimeUnit.SECONDS).send();
                                if (response.getStatus() != 200) {
                                    failures.add("burst " + b + " #" + i + ": " + response.getStatus() + " "
                                            + response.getContentAsString());
                                }
                            } catch (Exception e) {
                                failures.add("burst " + b + " #" + i + ": " + e);
                            }
                        }
                    }));
                }
                for (Future<?> loop : loops) {
                    loop.get(30, TimeUnit.SECONDS);
                }
                afterBurst.accept(burst);
            }
        } finally {
            pool.shutdownNow();
        }
        return this;
    }

    /** Requests sent. */
    int sent() {
        return sent.get();
    }

    /** What went wrong, as the client saw it. */
    Queue<String> failures() {
        return failures;
    }

    /** Failures for an assertion message. */
    String describeFailures() {
        return failures.size() + " of " + sent.get() + " client requests failed, e.g. " + failures.stream().limit(5).toList();
    }

    /** The deliberate idle pause between bursts: this is the scenario, not a synchronisation. */
    private static void idle(Duration pause) throws InterruptedException {
        Thread.sleep(pause.toMillis());
    }
}

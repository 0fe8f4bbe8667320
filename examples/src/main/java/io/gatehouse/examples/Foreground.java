package io.gatehouse.examples;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/** Keeps a started service in the foreground until Ctrl-C, then closes it from a JVM shutdown hook. */
final class Foreground {

    private Foreground() {
    }

    /**
     * Registers a shutdown hook that closes {@code service}, and blocks until it has run.
     *
     * @param out where to say that the service stopped
     */
    static void hold(AutoCloseable service, PrintWriter out) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
                out.println("Gatehouse stopped.");
            } catch (Exception e) {
                out.println("Gatehouse did not stop cleanly: " + e);
            } finally {
                out.flush();
                closed.countDown();
            }
        }, "gatehouse-shutdown"));
        closed.await();
    }
}

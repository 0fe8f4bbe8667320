package io.gatehouse.proxy.health;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay; what the health check driver needs of a scheduler. The adapter
 * passes its shared scheduler through {@link #of(ScheduledExecutorService)}; tests pass a fake one
 * driven by a fake clock.
 */
@FunctionalInterface
public interface ProbeScheduler {

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Scheduled {
        /** Cancels the task if it has not run yet. */
        void cancel();
    }

    /** Runs {@code task} once after {@code delay}; the task must not block. */
    Scheduled schedule(Runnable task, Duration delay);

    /** A scheduler over an executor service. */
    static ProbeScheduler of(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        return (task, delay) -> {
            Future<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }
}

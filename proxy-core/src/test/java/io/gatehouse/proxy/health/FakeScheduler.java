package io.gatehouse.proxy.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A scheduler driven by a {@link FakeClock}: tasks run when the test moves time past them. */
final class FakeScheduler implements ProbeScheduler {

    private static final class Task {
        final long due;
        final long order;
        final Runnable runnable;
        boolean cancelled;

        Task(long due, long order, Runnable runnable) {
            this.due = due;
            this.order = order;
            this.runnable = runnable;
        }
    }

    private final FakeClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long sequence;

    FakeScheduler(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public Scheduled schedule(Runnable runnable, Duration delay) {
        Task task = new Task(clock.getAsLong() + delay.toNanos(), sequence++, runnable);
        tasks.add(task);
        return () -> task.cancelled = true;
    }

    /** Moves time forward in steps of the next due task, running each when its time comes. */
    void advance(Duration duration) {
        long end = clock.getAsLong() + duration.toNanos();
        while (true) {
            Task next = tasks.stream().filter(t -> !t.cancelled && t.due <= end)
                    .min(Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.order)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            if (next.due > clock.getAsLong()) {
                clock.advance(Duration.ofNanos(next.due - clock.getAsLong()));
            }
            next.runnable.run();
        }
        clock.advance(Duration.ofNanos(end - clock.getAsLong()));
    }

    /** Tasks waiting to run. */
    long pending() {
        return tasks.stream().filter(t -> !t.cancelled).count();
    }

    /** The delays from now of the tasks waiting to run. */
    List<Duration> pendingDelays() {
        return tasks.stream().filter(t -> !t.cancelled).map(t -> Duration.ofNanos(t.due - clock.getAsLong())).toList();
    }
}

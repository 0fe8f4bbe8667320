package io.gatehouse.proxy.ratelimit;

import java.lang.ref.Cleaner;

/**
 * A lease that runs its release once: on {@link #close()}, or — if its owner drops it without
 * closing — when the garbage collector finds it unreachable (then it also reports the leak).
 */
final class TrackedLease implements Lease {

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "gatehouse-lease-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private final Release release;
    private final Cleaner.Cleanable cleanable;

    /**
     * @param onRelease gives the permit back; must not refer to this lease
     * @param onLeak called (before {@code onRelease}) when the lease was collected unclosed
     */
    TrackedLease(Runnable onRelease, Runnable onLeak) {
        this.release = new Release(onRelease, onLeak);
        this.cleanable = CLEANER.register(this, release);
    }

    @Override
    public void close() {
        release.closed = true;
        cleanable.clean();
    }

    /** The cleaning action; holds no reference to the lease, or it would never become unreachable. */
    private static final class Release implements Runnable {

        private final Runnable onRelease;
        private final Runnable onLeak;
        private volatile boolean closed;

        Release(Runnable onRelease, Runnable onLeak) {
            this.onRelease = onRelease;
            this.onLeak = onLeak;
        }

        @Override
        public void run() {
            if (!closed) {
                onLeak.run();
            }
            onRelease.run();
        }
    }
}

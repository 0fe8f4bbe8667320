package io.gatehouse.proxy.health;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A peak-sensitive exponentially weighted moving average of latency (Finagle's and Linkerd's
 * "peak EWMA"): a sample above the average replaces it at once, a sample below pulls it down with
 * weight {@code 1 - e^(-Δt/τ)}, and without samples it decays towards zero with time, so that an
 * upstream that was slow gets probed again after a while. Lock-free.
 */
final class LatencyEwma {

    private record Sample(double nanos, long stamp) {
    }

    private static final Sample NONE = new Sample(0, 0);

    private final AtomicReference<Sample> current = new AtomicReference<>(NONE);

    /** Adds a sample of {@code rttNanos} taken at {@code now}, with decay time {@code tauNanos}. */
    void observe(long rttNanos, long now, long tauNanos) {
        double rtt = Math.max(0, rttNanos);
        while (true) {
            Sample old = current.get();
            double next;
            if (old == NONE || rtt > old.nanos) {
                next = rtt;
            } else {
                double w = Math.exp(-Math.max(0, now - old.stamp) / (double) tauNanos);
                next = old.nanos * w + rtt * (1 - w);
            }
            if (current.compareAndSet(old, new Sample(next, now))) {
                return;
            }
        }
    }

    /** The average decayed to {@code now}; 0 before the first sample. */
    double nanos(long now, long tauNanos) {
        Sample s = current.get();
        if (s == NONE) {
            return 0;
        }
        long age = now - s.stamp;
        return age <= 0 ? s.nanos : s.nanos * Math.exp(-age / (double) tauNanos);
    }

    /** Whether a sample was ever taken. */
    boolean sampled() {
        return current.get() != NONE;
    }
}

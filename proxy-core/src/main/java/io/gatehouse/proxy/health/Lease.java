package io.gatehouse.proxy.health;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt under way on an upstream: it counts in the upstream's in-flight requests from
 * {@link UpstreamState#tryLease(int)} until {@link #complete(Outcome)}, which also feeds the
 * latency average and passive health. Completing is idempotent (the first call wins), so an
 * adapter can complete defensively in every path that ends an attempt without double counting.
 *
 * <p>The latency sample is the time from the lease to {@link #headReceived()} when the adapter
 * reports the response head, else to completion; a long download does not make an upstream look
 * slow when the head was reported.
 */
public final class Lease {

    private final UpstreamState state;
    private final GroupHealth group;
    private final long started;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean head;
    private volatile long headAt;

    Lease(UpstreamState state, GroupHealth group, long started) {
        this.state = state;
        this.group = group;
        this.started = started;
    }

    /** The upstream this attempt goes to. */
    public Endpoint upstream() {
        return state.upstream();
    }

    /** The upstream's runtime state. */
    public UpstreamState state() {
        return state;
    }

    /** When the lease was taken, on the registry's clock (nanoseconds). */
    public long startedNanos() {
        return started;
    }

    /** Marks the arrival of the response head: the latency sample ends here. Only the first call counts. */
    public void headReceived() {
        if (!head) {
            headAt = group.nanoTime();
            head = true;
        }
    }

    /**
     * Ends the attempt: releases its in-flight slot and records the outcome. Only the first call
     * has an effect.
     *
     * @return true when this call completed the lease, false when it was already complete
     */
    public boolean complete(Outcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        long now = group.nanoTime();
        long end = head ? headAt : now;
        state.released(group, outcome, end - started, now);
        return true;
    }

    /** Whether {@link #complete(Outcome)} was called. */
    public boolean completed() {
        return done.get();
    }

    @Override
    public String toString() {
        return "Lease[" + state + (done.get() ? ", complete" : "") + "]";
    }
}

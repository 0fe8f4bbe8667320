package io.gatehouse.proxy.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The health side of one upstream group under one configuration: its members' states, its
 * health settings, and which members are available now ({@link #available(long)}) — the filter
 * that runs before the load balancer. "Healthy or panic" lives here: when no member is available
 * and panic mode is on, every member is offered rather than none.
 *
 * <p>The available set is computed once and reused until a member's health changes, an ejection
 * ends or a slow-start step is reached; computing it is lock-free (concurrent callers may each
 * compute it; they agree).
 */
public final class GroupHealth {

    private final String groupId;
    private final List<UpstreamState> members;
    private final HealthCheck healthCheck;
    private final OutlierDetection outlierDetection;
    private final long slowStartNanos;
    private final boolean panicMode;
    private final LongSupplier clock;
    private final HealthEvents events;
    private final AtomicLong version = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean inPanic = new AtomicBoolean();
    private volatile AvailableUpstreams snapshot;

    GroupHealth(String groupId, List<UpstreamState> members, HealthCheck healthCheck, OutlierDetection outlierDetection,
                Duration slowStart, boolean panicMode, LongSupplier clock, HealthEvents events) {
        this.groupId = groupId;
        this.members = List.copyOf(members);
        this.healthCheck = healthCheck;
        this.outlierDetection = outlierDetection;
        this.slowStartNanos = slowStart.toNanos();
        this.panicMode = panicMode;
        this.clock = clock;
        this.events = events;
    }

    /** The group's id. */
    public String groupId() {
        return groupId;
    }

    /** Every upstream's state, in the group's order; the index is the member index. */
    public List<UpstreamState> members() {
        return members;
    }

    /** The active check, or null when the group has none. */
    public HealthCheck healthCheck() {
        return healthCheck;
    }

    /** The passive outlier detection settings. */
    public OutlierDetection outlierDetection() {
        return outlierDetection;
    }

    /** Whether every member is offered when none is available. */
    public boolean panicMode() {
        return panicMode;
    }

    /** The attempts under way on all members (leases taken through this group). */
    public int inFlight() {
        return inFlight.get();
    }

    /** The registry's clock, in nanoseconds. */
    public long nanoTime() {
        return clock.getAsLong();
    }

    /** The members available now. */
    public AvailableUpstreams available() {
        return available(clock.getAsLong());
    }

    /** The members available at {@code now} (panic mode: all of them when none is). */
    public AvailableUpstreams available(long now) {
        AvailableUpstreams current = snapshot;
        if (current != null && current.version == version.get() && now - current.validUntil < 0) {
            return current;
        }
        AvailableUpstreams computed = compute(now);
        snapshot = computed;
        return computed;
    }

    /**
     * A hint for {@code Retry-After} when nothing is available: the time until the first ejection
     * ends, else the health check interval, between 1 and 60 seconds.
     */
    public Duration retryAfter(long now) {
        long soonest = Long.MAX_VALUE;
        for (UpstreamState member : members) {
            if (member.ejectedAt(now)) {
                soonest = Math.min(soonest, member.ejectionEnd() - now);
            }
        }
        long nanos = soonest != Long.MAX_VALUE ? soonest
                : healthCheck != null ? healthCheck.interval().toNanos() : Duration.ofSeconds(1).toNanos();
        long seconds = Math.max(1, Math.min(60, (nanos + 999_999_999L) / 1_000_000_000L));
        return Duration.ofSeconds(seconds);
    }

    private AvailableUpstreams compute(long now) {
        for (UpstreamState member : members) {
            member.observe(now);
        }
        long seen = version.get();
        int n = members.size();
        UpstreamState[] states = new UpstreamState[n];
        int[] indexes = new int[n];
        double[] weights = new double[n];
        int count = 0;
        long validUntil = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            UpstreamState member = members.get(i);
            if (member.ejectedAt(now)) {
                validUntil = earlier(validUntil, member.ejectionEnd(), now);
            }
            if (!member.available(now)) {
                continue;
            }
            validUntil = earlier(validUntil, member.nextRampStep(now), now);
            states[count] = member;
            indexes[count] = i;
            weights[count] = member.upstream().weight() * member.weightFactor(now);
            count++;
        }
        boolean panic = false;
        if (count == 0 && panicMode && n > 0) {
            panic = true;
            for (int i = 0; i < n; i++) {
                states[i] = members.get(i);
                indexes[i] = i;
                weights[i] = members.get(i).upstream().weight();
            }
            count = n;
            if (inPanic.compareAndSet(false, true)) {
                events.notice("group '{}': no upstream is healthy; panic mode spreads requests over all {}", groupId, n);
            }
        } else if (inPanic.get() && count > 0 && inPanic.compareAndSet(true, false)) {
            events.notice("group '{}': {} upstream(s) healthy again; panic mode ended", groupId, count);
        }
        if (validUntil == Long.MAX_VALUE) {
            validUntil = now + Long.MAX_VALUE / 4;
        }
        return new AvailableUpstreams(java.util.Arrays.copyOf(states, count), java.util.Arrays.copyOf(indexes, count),
                java.util.Arrays.copyOf(weights, count), n, panic, seen, validUntil);
    }

    private static long earlier(long current, long candidate, long now) {
        if (candidate == Long.MAX_VALUE) {
            return current;
        }
        return current == Long.MAX_VALUE || candidate - current < 0 ? candidate : current;
    }

    /** Whether ejecting {@code state} keeps the ejected share within the maximum. */
    boolean mayEject(UpstreamState state, long now) {
        int ejected = 0;
        for (UpstreamState member : members) {
            if (member != state && member.ejectedAt(now)) {
                ejected++;
            }
        }
        return ejected + 1 <= Math.floor(outlierDetection.maxEjectedShare() * members.size() + 1e-9);
    }

    long slowStartNanos() {
        return slowStartNanos;
    }

    /** A member's availability changed: the next {@link #available} recomputes. */
    void changed() {
        version.incrementAndGet();
    }

    void leased() {
        inFlight.incrementAndGet();
    }

    void released() {
        inFlight.decrementAndGet();
    }

    @Override
    public String toString() {
        return "GroupHealth[" + groupId + ", " + members.size() + " upstreams]";
    }
}

package io.gatehouse.proxy.health;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The runtime state of one upstream of one group: attempts in flight, the peak-EWMA latency,
 * active and passive health, ejections and the slow-start ramp. Kept by an
 * {@link UpstreamRegistry} apart from the configuration, so that it survives a configuration swap
 * when the upstream (same group id, same upstream id) does. Lock-free; every method may be called
 * from any thread.
 */
public final class UpstreamState {

    /** Steps of the slow-start ramp: the weight grows by a tenth at a time. */
    static final int RAMP_STEPS = 10;

    /** A passive ejection: since and until when, and how many recent ejections (its multiplier). */
    private record Ejection(boolean ejected, long since, long until, int count, String reason) {
        static final Ejection NONE = new Ejection(false, 0, 0, 0, "");

        boolean at(long now) {
            return ejected && now - until < 0;
        }

        /** The same ejection, ended at {@code now}; its count stays for the back-off. */
        Ejection endedAt(long now) {
            return new Ejection(true, since, now, count, reason);
        }

        /** What caused it: its reason up to the duration. */
        String cause() {
            return reason.substring(0, Math.max(0, reason.indexOf(';')));
        }

        /** Recent ejections, forgetting one per base time spent clean since the last return. */
        int recent(long now, long baseNanos) {
            if (!ejected) {
                return count;
            }
            long clean = now - until;
            return clean <= 0 ? count : (int) Math.max(0, count - clean / baseNanos);
        }
    }

    private final String groupId;
    private final String upstreamId;
    private final LongSupplier clock;
    private final HealthEvents events;
    private final LatencyEwma latency = new LatencyEwma();
    private final AtomicReference<Health> active;
    private final AtomicInteger probePasses = new AtomicInteger();
    private final AtomicInteger probeFailures = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicReference<Ejection> ejection = new AtomicReference<>(Ejection.NONE);
    private final AtomicBoolean returnPending = new AtomicBoolean();
    private final AtomicBoolean holdBackNoticed = new AtomicBoolean();
    private static final AtomicIntegerFieldUpdater<UpstreamState> IN_FLIGHT =
            AtomicIntegerFieldUpdater.newUpdater(UpstreamState.class, "inFlight");

    /** Attempts under way; a field rather than an AtomicInteger, so balancers scanning many upstreams chase one pointer less. */
    private volatile int inFlight;
    private volatile Endpoint upstream;
    private volatile GroupHealth group;
    private volatile long latencyDecayNanos;
    private volatile boolean ramping;
    private volatile long rampStart;
    private volatile String reason = "";

    UpstreamState(String groupId, Endpoint upstream, LongSupplier clock, HealthEvents events, boolean activeChecks) {
        this.groupId = groupId;
        this.upstreamId = upstream.id();
        this.upstream = upstream;
        this.clock = clock;
        this.events = events;
        this.active = new AtomicReference<>(activeChecks ? Health.UNKNOWN : Health.HEALTHY);
    }

    /** The group's id. */
    public String groupId() {
        return groupId;
    }

    /** The upstream's id, unique in its group. */
    public String upstreamId() {
        return upstreamId;
    }

    /** The upstream as the configuration in force describes it. */
    public Endpoint upstream() {
        return upstream;
    }

    /** The attempts under way. */
    public int inFlight() {
        return inFlight;
    }

    /** The peak-EWMA latency in nanoseconds, decayed to {@code now}; 0 before the first sample. */
    public double latencyNanos(long now) {
        return latency.nanos(now, latencyDecayNanos);
    }

    /** Whether a latency sample was ever taken. */
    public boolean latencySampled() {
        return latency.sampled();
    }

    /** The health at {@code now}. */
    public Health health(long now) {
        Health a = active.get();
        if (a == Health.UNHEALTHY) {
            return a;
        }
        return ejection.get().at(now) ? Health.EJECTED : a;
    }

    /** Whether the load balancer may choose it at {@code now} (not unhealthy, not ejected). */
    public boolean available(long now) {
        return active.get() != Health.UNHEALTHY && !ejection.get().at(now);
    }

    /**
     * The slow-start factor of its weight at {@code now}: from 0.1 right after it became healthy up
     * to 1 at the end of the group's slow-start window, in ten steps; 1 without slow start.
     */
    public double weightFactor(long now) {
        long window = group.slowStartNanos();
        if (!ramping || window <= 0) {
            return 1;
        }
        long elapsed = now - rampStart;
        if (elapsed >= window) {
            return 1;
        }
        if (elapsed < 0) {
            return 1.0 / RAMP_STEPS;
        }
        long step = elapsed * RAMP_STEPS / window;
        return Math.min(1, (step + 1) / (double) RAMP_STEPS);
    }

    /** When the weight factor changes next, or {@code now} + a long time when it no longer does. */
    long nextRampStep(long now) {
        long window = group.slowStartNanos();
        if (!ramping || window <= 0) {
            return Long.MAX_VALUE;
        }
        long elapsed = now - rampStart;
        if (elapsed >= window) {
            return Long.MAX_VALUE;
        }
        if (elapsed < 0) {
            return rampStart;
        }
        long step = elapsed * RAMP_STEPS / window;
        return rampStart + (step + 1) * window / RAMP_STEPS;
    }

    /** When the current ejection ends, if ejected at {@code now}. */
    boolean ejectedAt(long now) {
        return ejection.get().at(now);
    }

    long ejectionEnd() {
        return ejection.get().until();
    }

    /**
     * Starts an attempt on this upstream, unless {@code limit} attempts are already under way.
     *
     * @param limit the most attempts under way at once; 0 or less for no limit
     * @return the lease to complete when the attempt ends, or null when the upstream is at its limit
     */
    public Lease tryLease(int limit) {
        if (limit > 0) {
            int current;
            do {
                current = inFlight;
                if (current >= limit) {
                    return null;
                }
            } while (!IN_FLIGHT.compareAndSet(this, current, current + 1));
        } else {
            IN_FLIGHT.incrementAndGet(this);
        }
        GroupHealth g = group;
        g.leased();
        return new Lease(this, g, clock.getAsLong());
    }

    /** A lease ended: releases its slot and learns from the outcome. */
    void released(GroupHealth leasedFrom, Outcome outcome, long latencyNanos, long now) {
        IN_FLIGHT.decrementAndGet(this);
        leasedFrom.released();
        record(outcome, latencyNanos, now);
    }

    /** Passive health and latency: what one attempt's outcome teaches. */
    private void record(Outcome outcome, long latencyNanos, long now) {
        Outcome.Kind kind = outcome.kind();
        if (kind.timed()) {
            latency.observe(latencyNanos, now, latencyDecayNanos);
        }
        if (kind == Outcome.Kind.SUCCESS) {
            if (consecutiveFailures.get() != 0) {
                consecutiveFailures.set(0);
            }
            if (holdBackNoticed.get()) {
                holdBackNoticed.set(false);
            }
        } else if (kind.failure()) {
            int failures = consecutiveFailures.incrementAndGet();
            OutlierDetection detection = group.outlierDetection();
            if (detection.enabled() && failures >= detection.consecutiveFailures()) {
                eject(detection, failures, outcome, now);
            }
        }
    }

    private void eject(OutlierDetection detection, int failures, Outcome last, long now) {
        Ejection current = ejection.get();
        if (current.at(now)) {
            return;
        }
        GroupHealth g = group;
        if (!g.mayEject(this, now)) {
            if (holdBackNoticed.compareAndSet(false, true)) {
                events.notice("upstream '{}' of group '{}' not ejected after {} consecutive failures: {} of the group"
                                + " is the most that may be ejected at once", upstreamId, groupId, failures,
                        Math.round(detection.maxEjectedShare() * 100) + "%");
            }
            return;
        }
        long base = detection.baseEjectionTime().toNanos();
        int count = current.recent(now, base) + 1;
        long duration = Math.min(detection.maxEjectionTime().toNanos(), base * Math.min(count, 1 << 20));
        String why = failures + " consecutive failures (last: " + describe(last) + "); ejected for "
                + Duration.ofNanos(duration) + " (ejection " + count + ")";
        Health before = health(now);
        Ejection next = new Ejection(true, now, now + duration, count, why);
        if (!ejection.compareAndSet(current, next)) {
            return;
        }
        consecutiveFailures.set(0);
        rampStart = now + duration;
        ramping = true;
        returnPending.set(true);
        reason = why;
        g.changed();
        events.change(this, before, Health.EJECTED, why, false);
    }

    /** Notices, once, that an ejection ended; called when the group's availability is computed. */
    void observe(long now) {
        if (returnPending.get()) {
            Ejection e = ejection.get();
            if (!e.at(now) && returnPending.compareAndSet(true, false)) {
                consecutiveFailures.set(0);
                String why = "ejection " + e.count() + " ended; it followed " + e.cause();
                reason = why;
                group.changed();
                events.change(this, Health.EJECTED, health(now), why, false);
            }
        }
    }

    /**
     * One active health check ended.
     *
     * @param passed whether it passed
     * @param detail what was seen, e.g. {@code status 503} or {@code timeout after PT2S}
     * @param sent when it was sent
     * @param now when it ended
     */
    void probed(boolean passed, String detail, long sent, long now) {
        HealthCheck check = group.healthCheck();
        if (check == null) {
            return;
        }
        if (passed) {
            probeFailures.set(0);
            int passes = probePasses.incrementAndGet();
            if (active.get() != Health.UNHEALTHY || passes >= check.healthyThreshold()) {
                endEjectionEarly(detail, sent, now);
            }
            if (active.get() == Health.UNKNOWN) {
                transition(Health.UNKNOWN, Health.HEALTHY, "first health check passed (" + detail + ")", now, true);
            } else if (active.get() == Health.UNHEALTHY && passes >= check.healthyThreshold()) {
                if (transition(Health.UNHEALTHY, Health.HEALTHY, passes + " consecutive health checks passed ("
                        + detail + ")", now, false)) {
                    rampStart = now;
                    ramping = true;
                }
            }
        } else {
            probePasses.set(0);
            int failures = probeFailures.incrementAndGet();
            Health a = active.get();
            if (a != Health.UNHEALTHY && failures >= check.unhealthyThreshold()) {
                transition(a, Health.UNHEALTHY, failures + " consecutive health checks failed (last: " + detail + ")",
                        now, false);
            }
        }
    }

    /**
     * Ends a passive ejection because an active check sent after it began passed and the upstream
     * is (or now becomes) healthy by its checks: Envoy's {@code successful_active_health_check_uneject_host}.
     * The ejection's count stays, so the back-off of a next ejection still grows (as in Envoy).
     */
    private void endEjectionEarly(String detail, long sent, long now) {
        if (!group.outlierDetection().healthCheckPassEndsEjection()) {
            return;
        }
        Ejection e = ejection.get();
        if (!e.at(now) || sent - e.since() < 0) {
            return;
        }
        Health before = health(now);
        if (!ejection.compareAndSet(e, e.endedAt(now))) {
            return;
        }
        consecutiveFailures.set(0);
        rampStart = now;
        ramping = true;
        group.changed();
        if (returnPending.compareAndSet(true, false)) {
            String why = "ejection " + e.count() + " ended early: a health check sent after it passed (" + detail
                    + "); it followed " + e.cause();
            reason = why;
            Health after = health(now);
            if (before != after) {
                events.change(this, before, after, why, false);
            }
        }
    }

    private boolean transition(Health from, Health to, String why, long now, boolean quiet) {
        Health before = health(now);
        if (!active.compareAndSet(from, to)) {
            return false;
        }
        reason = why;
        group.changed();
        Health after = health(now);
        if (before != after) {
            events.change(this, before, after, why, quiet);
        }
        return true;
    }

    /** Attaches the state to a (new) configuration of its group. */
    void bind(GroupHealth group, Endpoint upstream, long latencyDecayNanos, long now) {
        this.group = group;
        this.upstream = upstream;
        this.latencyDecayNanos = latencyDecayNanos;
        if (group.healthCheck() == null) {
            Health a = active.get();
            if (a == Health.UNHEALTHY) {
                transition(a, Health.HEALTHY, "active health checks removed from the group", now, false);
            } else if (a == Health.UNKNOWN) {
                active.compareAndSet(a, Health.HEALTHY);
            }
        }
    }

    /** Starts the slow-start ramp now (an upstream added by a later configuration). */
    void startRamp(long now) {
        rampStart = now;
        ramping = true;
    }

    /** A snapshot for metrics and status pages. */
    public UpstreamStatus status() {
        long now = clock.getAsLong();
        observe(now);
        Ejection e = ejection.get();
        long base = group.outlierDetection().baseEjectionTime().toNanos();
        return new UpstreamStatus(groupId, upstreamId, health(now), available(now), reason, inFlight,
                Duration.ofNanos(Math.round(latencyNanos(now))), consecutiveFailures.get(), e.recent(now, base),
                e.at(now) ? Duration.ofNanos(e.until() - now) : Duration.ZERO, weightFactor(now));
    }

    private static String describe(Outcome outcome) {
        return switch (outcome.kind()) {
            case SERVER_ERROR -> "status " + outcome.status();
            case CONNECT_FAILURE -> "connect failure";
            case TIMEOUT -> "timeout";
            case RESET -> "connection reset";
            default -> outcome.kind().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    @Override
    public String toString() {
        return groupId + "/" + upstreamId;
    }
}

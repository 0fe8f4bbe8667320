package io.gatehouse.proxy.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the active health checks of a configuration: for every upstream of every group with a
 * {@link HealthCheck}, one check at a time, each started {@code interval + random(0..jitter)} after
 * the previous one ended, and the first soon after {@link #start} (within the jitter). Results
 * feed the upstream's state machine ({@link HealthCheck#unhealthyThreshold()} failures in a row
 * take it out, {@link HealthCheck#healthyThreshold()} passes bring it back; a pass also ends a
 * passive ejection that began before the check was sent, see {@link OutlierDetection}).
 *
 * <p>Scheduler-agnostic and non-blocking: it only schedules tasks and reacts to completions; no
 * request thread ever waits for a check. Close it when the configuration is replaced, and start
 * one for the new configuration; surviving upstreams keep their health and counters.
 */
public final class ActiveHealthChecks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveHealthChecks.class);

    private final HealthProber prober;
    private final ProbeScheduler scheduler;
    private final RandomGenerator random;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Loop> loops = new ArrayList<>();

    private ActiveHealthChecks(HealthProber prober, ProbeScheduler scheduler, RandomGenerator random) {
        this.prober = prober;
        this.scheduler = scheduler;
        this.random = random;
    }

    /**
     * Starts checking every member of the groups that have a health check.
     *
     * @param groups the groups of the configuration in force
     * @param prober sends one check (the adapter's HTTP client)
     * @param scheduler runs the checks (the adapter's shared scheduler)
     * @param random the source of jitter; only used from scheduler threads, one call at a time per
     *     upstream (a {@link java.util.SplittableRandom} in tests, {@code null} for a thread-safe default)
     */
    public static ActiveHealthChecks start(Collection<GroupHealth> groups, HealthProber prober, ProbeScheduler scheduler,
                                           RandomGenerator random) {
        ActiveHealthChecks checks = new ActiveHealthChecks(Objects.requireNonNull(prober, "prober"),
                Objects.requireNonNull(scheduler, "scheduler"), random);
        for (GroupHealth group : groups) {
            HealthCheck check = group.healthCheck();
            if (check == null) {
                continue;
            }
            for (UpstreamState member : group.members()) {
                Loop loop = checks.new Loop(group, member, check);
                checks.loops.add(loop);
                loop.next(checks.jitter(check));
            }
        }
        return checks;
    }

    /** How many upstreams are being checked. */
    public int checkedUpstreams() {
        return loops.size();
    }

    /** Stops every check; results of checks under way are ignored. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (Loop loop : loops) {
                loop.cancel();
            }
        }
    }

    private Duration jitter(HealthCheck check) {
        long max = check.jitter().toNanos();
        if (max <= 0) {
            return Duration.ZERO;
        }
        RandomGenerator r = random != null ? random : java.util.concurrent.ThreadLocalRandom.current();
        return Duration.ofNanos(r.nextLong(max + 1));
    }

    /** The checks of one upstream: one at a time, each scheduled after the previous one ended. */
    private final class Loop {

        private final GroupHealth group;
        private final UpstreamState state;
        private final HealthCheck check;
        private volatile ProbeScheduler.Scheduled pending;
        private volatile ProbeScheduler.Scheduled timeout;

        Loop(GroupHealth group, UpstreamState state, HealthCheck check) {
            this.group = group;
            this.state = state;
            this.check = check;
        }

        void next(Duration delay) {
            if (!closed.get()) {
                pending = scheduler.schedule(this::run, delay);
            }
        }

        void cancel() {
            ProbeScheduler.Scheduled p = pending;
            if (p != null) {
                p.cancel();
            }
            ProbeScheduler.Scheduled t = timeout;
            if (t != null) {
                t.cancel();
            }
        }

        private void run() {
            if (closed.get()) {
                return;
            }
            AtomicBoolean done = new AtomicBoolean();
            long sent = group.nanoTime();
            timeout = scheduler.schedule(() -> finish(done, sent, false, "timeout after " + check.timeout()),
                    check.timeout());
            CompletionStage<Integer> result;
            try {
                result = prober.probe(state.upstream(), check);
            } catch (RuntimeException e) {
                finish(done, sent, false, "prober failed: " + e);
                return;
            }
            result.whenComplete((status, failure) -> {
                if (failure != null || status == null) {
                    finish(done, sent, false, failure == null ? "no status" : describe(failure));
                } else {
                    finish(done, sent, check.passes(status), "status " + status);
                }
            });
        }

        private void finish(AtomicBoolean done, long sent, boolean passed, String detail) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            ProbeScheduler.Scheduled t = timeout;
            if (t != null) {
                t.cancel();
            }
            if (closed.get()) {
                return;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("health check of '{}' in group '{}': {} ({})", state.upstreamId(), group.groupId(),
                        passed ? "pass" : "fail", detail);
            }
            state.probed(passed, detail, sent, group.nanoTime());
            next(check.interval().plus(jitter(check)));
        }

        private String describe(Throwable failure) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return cause.getClass().getSimpleName();
        }
    }
}

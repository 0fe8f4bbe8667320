package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.balancing.Choice;
import io.gatehouse.proxy.balancing.GroupBalancer;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.health.AvailableUpstreams;
import io.gatehouse.proxy.health.Endpoint;
import io.gatehouse.proxy.health.Lease;
import io.gatehouse.proxy.health.Outcome;
import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.RequestView;
import io.gatehouse.proxy.resilience.AttemptResult;
import io.gatehouse.proxy.resilience.BodyState;
import io.gatehouse.proxy.resilience.RetryAfter;
import io.gatehouse.proxy.resilience.RetryBudget;
import io.gatehouse.proxy.resilience.RetryDecision;
import io.gatehouse.proxy.resilience.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of one forwarded request: leases the first upstream, decides after each failure
 * whether to retry (the route's {@link RetryPolicy}, then its {@link RetryBudget}), and leases the
 * next upstream (another one where one exists). The adapter drives it:
 *
 * <pre>{@code
 * Failover failover = engine.failover(forward.plan(), request);
 * Attempt attempt = failover.first();              // null: answer failover.rejection()
 * // send attempt.plan() ...
 * //   response head:  RetryDecision d = failover.onResponse(attempt, status, bodyState, retryAfterHeader);
 * //                   no retry: relay it, then attempt.complete(Outcome.response(status)) at its end
 * //   failure:        RetryDecision d = failover.onFailure(attempt, forwardFailure, bodyState);
 * //                   no retry: answer forwardFailure.problem()
 * //   d.retry():      after d.delay(), attempt = failover.next() (null: answer failover.rejection())
 * failover.close();                                // at the very end, whatever happened
 * }</pre>
 *
 * <p>Calls for one request must not overlap (they follow one another in the adapter's exchange);
 * the object is not shared between requests. Every lease it hands out is completed by
 * {@link #onFailure}, by a retrying {@link #onResponse}, by the adapter, or at the latest by
 * {@link #close()}, so in-flight counts cannot leak.
 */
public final class Failover implements AutoCloseable {

    /** Retries on a fresh connection after stale pooled ones, per request, beyond which a stale failure counts as a reset. */
    static final int MAX_FRESH_CONNECTION_RETRIES = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);
    private static final RetryDecision NOT_RETRIED_STATUS = RetryDecision.stop("status not retried");

    private final GroupBalancer balancer;
    private final RoutePlan plan;
    private final RequestView request;
    private final RetryPolicy policy;
    private final RetryBudget budget;
    private final Supplier<RandomGenerator> random;
    private final Supplier<Instant> wallClock;
    private final List<Attempt> attempts = new ArrayList<>(2);
    private final List<UpstreamState> tried = new ArrayList<>(2);
    private volatile int counted;
    private volatile int freshRetries;
    private volatile Attempt last;
    private volatile RetryDecision decision;
    private volatile Choice refusal;

    Failover(GroupBalancer balancer, RoutePlan plan, RequestView request, RetryPolicy policy, RetryBudget budget,
             Supplier<RandomGenerator> random, Supplier<Instant> wallClock) {
        this.balancer = balancer;
        this.plan = plan;
        this.request = request;
        this.policy = policy;
        this.budget = budget;
        this.random = random;
        this.wallClock = wallClock;
    }

    /**
     * The attempts of a request the engine decided to forward by {@code plan}.
     *
     * @param balancer the balancer of the plan's group, from the same engine
     * @param budget the route's retry budget; this request is counted in it now
     */
    public static Failover start(GroupBalancer balancer, RoutePlan plan, RequestView request, RetryPolicy policy,
                                 RetryBudget budget) {
        Failover failover = new Failover(Objects.requireNonNull(balancer, "balancer"), Objects.requireNonNull(plan, "plan"),
                Objects.requireNonNull(request, "request"), Objects.requireNonNull(policy, "policy"),
                Objects.requireNonNull(budget, "budget"), ThreadLocalRandom::current, Instant::now);
        budget.recordRequest();
        return failover;
    }

    /**
     * Picks an upstream of the plan's group with the group's load balancer (only now: a request
     * the cache answers never spends a pick) and leases it for the first attempt; one at its
     * concurrency limit is passed over for another.
     *
     * @return the attempt, or null when no upstream can take it: answer {@link #rejection()}
     */
    public Attempt first() {
        if (!attempts.isEmpty()) {
            throw new IllegalStateException("first() was already called; use next() after a retry decision");
        }
        return leaseOther(List.of(), null);
    }

    /**
     * An attempt failed without a usable response: completes its lease with the failure and
     * decides whether to retry.
     *
     * @param body what of the request had been sent
     */
    public RetryDecision onFailure(Attempt attempt, ForwardFailure failure, BodyState body) {
        Objects.requireNonNull(failure, "failure");
        ForwardFailure effective = failure == ForwardFailure.STALE_CONNECTION && freshRetries >= MAX_FRESH_CONNECTION_RETRIES
                ? ForwardFailure.UPSTREAM_FAILED : failure;
        attempt.complete(Outcome.failure(effective));
        return decide(attempt, AttemptResult.failure(effective), body);
    }

    /**
     * An attempt's response head arrived: decides whether to retry instead of relaying it. When
     * the decision is to retry, the attempt's lease is completed here and the response must be
     * discarded; otherwise the adapter relays it and completes the attempt at its end.
     *
     * @param status the response status
     * @param body what of the request had been sent
     * @param retryAfter the response's {@code Retry-After} header value, or null
     */
    public RetryDecision onResponse(Attempt attempt, int status, BodyState body, String retryAfter) {
        attempt.headReceived();
        if (!policy.retriesStatus(status)) {
            return NOT_RETRIED_STATUS;
        }
        RetryDecision d = decide(attempt, AttemptResult.response(status, RetryAfter.parse(retryAfter, wallClock.get())), body);
        if (d.retry()) {
            attempt.complete(Outcome.response(status));
        }
        return d;
    }

    private RetryDecision decide(Attempt attempt, AttemptResult result, BodyState body) {
        // A failure may be retried on any other upstream; a response only on one this request has not tried.
        boolean sameUpstream = result.responded() ? !hasUntried() : !balancer.hasOtherThan(attempt.state());
        RetryDecision d = policy.decide(counted, result, request.method(), body, sameUpstream, random.get());
        if (d.retry() && !d.freshConnection() && !budget.tryRetry()) {
            d = RetryDecision.stop(result + "; the route's retry budget is spent");
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} on {}: {} ({})", request.method(), plan.route().id(), attempt.upstream(),
                    d.retry() ? "retry" : "no retry", d.reason());
        }
        last = attempt;
        decision = d;
        return d;
    }

    /**
     * Leases the upstream of the next attempt, after a retry decision and its delay: the same
     * upstream on a fresh connection after a stale one, else one not tried yet where one exists.
     *
     * @return the attempt, or null when no upstream can take it: answer {@link #rejection()}
     */
    public Attempt next() {
        RetryDecision d = decision;
        Attempt previous = last;
        if (d == null || !d.retry()) {
            throw new IllegalStateException("next() needs a retry decision from onFailure or onResponse");
        }
        decision = null;
        previous.complete(Outcome.cancelled());
        if (d.freshConnection()) {
            // Replaces the attempt that just ended on this upstream, so its slot is not re-checked against the limit.
            Lease lease = previous.state().tryLease(0);
            freshRetries++;
            return record(previous.plan(), lease, true);
        }
        return leaseOther(tried, previous.state());
    }

    /** Whether an available upstream with room has not been tried by this request yet. */
    private boolean hasUntried() {
        AvailableUpstreams available = balancer.health().available();
        int limit = balancer.limit();
        for (int i = 0, n = available.size(); i < n; i++) {
            UpstreamState candidate = available.get(i);
            if (!tried.contains(candidate) && (limit <= 0 || candidate.inFlight() < limit)) {
                return true;
            }
        }
        return false;
    }

    private Attempt leaseOther(List<UpstreamState> avoid, UpstreamState lastState) {
        List<UpstreamState> skip = avoid; // copied only when an upstream at its limit is to be passed over
        int members = balancer.health().members().size();
        for (int round = 0; round <= members; round++) {
            Choice choice = balancer.choose(request, skip, lastState);
            if (!choice.found()) {
                refusal = choice;
                return null;
            }
            Lease lease = choice.state().tryLease(balancer.limit());
            if (lease != null) {
                counted = counted + 1;
                return record(planFor(choice.upstream()), lease, false);
            }
            if (skip == avoid) {
                skip = new ArrayList<>(avoid);
            }
            skip.add(choice.state());
        }
        refusal = new Choice(null, ForwardFailure.UPSTREAMS_BUSY, Duration.ofSeconds(1));
        return null;
    }

    private Attempt record(ForwardPlan attemptPlan, Lease lease, boolean fresh) {
        if (!tried.contains(lease.state())) {
            tried.add(lease.state());
        }
        Attempt attempt = new Attempt(attempts.size() + 1, attemptPlan, lease, balancer.affinityCookie(request,
                lease.state()), fresh);
        attempts.add(attempt);
        return attempt;
    }

    /** The plan for another upstream of the same group: same route and rewritten path, that upstream's base path. */
    private ForwardPlan planFor(Endpoint upstream) {
        return plan.to(upstream);
    }

    /**
     * The answer when {@link #first()} or {@link #next()} found no upstream: 503 problem with
     * {@code Retry-After} ({@code NO_UPSTREAM}, or {@code UPSTREAMS_BUSY} when all are at their limit).
     */
    public Decision.Reject rejection() {
        Choice c = refusal != null ? refusal : new Choice(null, ForwardFailure.NO_UPSTREAM, Duration.ofSeconds(1));
        return new Decision.Reject(c.failure().problem(), Map.of("Retry-After", Long.toString(c.retryAfter().toSeconds())),
                plan.route().id());
    }

    /** The attempts made so far, first to last. */
    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** The request's route's retry policy. */
    public RetryPolicy policy() {
        return policy;
    }

    /** Completes every attempt still open as cancelled (no verdict on its upstream). Idempotent. */
    @Override
    public void close() {
        for (Attempt attempt : attempts) {
            attempt.complete(Outcome.cancelled());
        }
    }

    @Override
    public String toString() {
        return "Failover[" + plan.route().id() + ", " + attempts + "]";
    }
}

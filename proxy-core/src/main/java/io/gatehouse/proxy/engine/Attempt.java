package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.health.Endpoint;
import io.gatehouse.proxy.health.Lease;
import io.gatehouse.proxy.health.Outcome;
import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.observe.AttemptStarted;

/**
 * One attempt of a request on one upstream: where to send it ({@link #plan()}), the
 * {@code Set-Cookie} of session affinity to add to the response if this attempt's response reaches
 * the client, and the lease that counts it in flight until {@link #complete(Outcome)}.
 */
public final class Attempt {

    private final int number;
    private final ForwardPlan plan;
    private final Lease lease;
    private final String setCookie;
    private final boolean freshConnection;
    /** The exchange that observes this attempt (observers registered), or null. */
    private volatile Exchange observedBy;
    private volatile AttemptStarted started;

    Attempt(int number, ForwardPlan plan, Lease lease, String setCookie, boolean freshConnection) {
        this.number = number;
        this.plan = plan;
        this.lease = lease;
        this.setCookie = setCookie;
        this.freshConnection = freshConnection;
    }

    /** 1 for the first attempt, then 2, 3... (retries on a fresh connection included). */
    public int number() {
        return number;
    }

    /** The plan of this attempt: its upstream and the upstream path (the upstream's base path included). */
    public ForwardPlan plan() {
        return plan;
    }

    /** The upstream of this attempt. */
    public Endpoint upstream() {
        return plan.upstream();
    }

    /** The upstream's runtime state. */
    public UpstreamState state() {
        return lease.state();
    }

    /** The {@code Set-Cookie} value to add to the proxy-to-client response (session affinity), or null. */
    public String setCookie() {
        return setCookie;
    }

    /** Whether this attempt must go over a new connection, not a pooled one (a stale one just failed). */
    public boolean freshConnection() {
        return freshConnection;
    }

    /** Marks the arrival of the response head: the latency sample ends here. */
    public void headReceived() {
        lease.headReceived();
    }

    /**
     * Ends the attempt: releases its in-flight slot and feeds latency and passive health.
     * Idempotent: only the first call counts.
     *
     * @return whether this call completed it
     */
    public boolean complete(Outcome outcome) {
        boolean done = lease.complete(outcome);
        Exchange exchange = observedBy;
        if (done && exchange != null) {
            exchange.attemptEnded(started, outcome);
        }
        return done;
    }

    /** Tells {@code exchange} when this attempt ends (observers registered). */
    void observe(Exchange exchange, AttemptStarted event) {
        this.started = event;
        this.observedBy = exchange;
    }

    /** Whether the attempt was completed. */
    public boolean completed() {
        return lease.completed();
    }

    @Override
    public String toString() {
        return "Attempt[" + number + " on " + plan.upstream() + (freshConnection ? ", fresh connection" : "") + "]";
    }
}

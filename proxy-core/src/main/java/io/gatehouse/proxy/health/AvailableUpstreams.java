package io.gatehouse.proxy.health;

import java.util.List;

/**
 * The upstreams of a group the load balancer may choose from at one moment, with their weights
 * (the configured weight × the slow-start factor). In panic mode (nothing healthy, panic allowed)
 * it holds every upstream of the group. Immutable; reused across requests until health changes,
 * so a balancer may cache work keyed by its identity.
 */
public final class AvailableUpstreams {

    private final UpstreamState[] states;
    private final int[] members;
    private final double[] weights;
    private final boolean[] byMember;
    private final boolean wholeWeights;
    private final boolean panic;
    final long version;
    final long validUntil;

    AvailableUpstreams(UpstreamState[] states, int[] members, double[] weights, int memberCount, boolean panic,
                       long version, long validUntil) {
        this.states = states;
        this.members = members;
        this.weights = weights;
        this.byMember = new boolean[memberCount];
        boolean whole = true;
        for (int i = 0; i < members.length; i++) {
            byMember[members[i]] = true;
            whole &= weights[i] == Math.rint(weights[i]);
        }
        this.wholeWeights = whole;
        this.panic = panic;
        this.version = version;
        this.validUntil = validUntil;
    }

    /**
     * All these upstreams with their configured weights, each its own member index (its position);
     * for custom balancers and their tests.
     */
    public static AvailableUpstreams of(List<UpstreamState> states) {
        int n = states.size();
        UpstreamState[] array = states.toArray(new UpstreamState[0]);
        int[] members = new int[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            members[i] = i;
            weights[i] = array[i].upstream().weight();
        }
        return new AvailableUpstreams(array, members, weights, n, false, 0, Long.MAX_VALUE);
    }

    /** How many upstreams are available. */
    public int size() {
        return states.length;
    }

    /** Whether none is. */
    public boolean isEmpty() {
        return states.length == 0;
    }

    /** The i-th available upstream, in the group's order. */
    public UpstreamState get(int i) {
        return states[i];
    }

    /** The i-th upstream's weight: configured weight × slow-start factor. */
    public double weight(int i) {
        return weights[i];
    }

    /** Whether every weight is a whole number (no upstream is ramping up). */
    public boolean wholeWeights() {
        return wholeWeights;
    }

    /** The i-th upstream's index among all the group's members ({@link GroupHealth#members()}). */
    public int memberIndex(int i) {
        return members[i];
    }

    /** Whether the member with this index is available. */
    public boolean containsMember(int memberIndex) {
        return memberIndex >= 0 && memberIndex < byMember.length && byMember[memberIndex];
    }

    /** How many members the group has. */
    public int memberCount() {
        return byMember.length;
    }

    /** Whether this is panic mode: nothing is healthy, so every upstream is offered. */
    public boolean panic() {
        return panic;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(panic ? "AvailableUpstreams[panic: " : "AvailableUpstreams[");
        for (int i = 0; i < states.length; i++) {
            s.append(i == 0 ? "" : ", ").append(states[i].upstreamId()).append(" w=").append(weights[i]);
        }
        return s.append(']').toString();
    }
}

package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.health.AvailableUpstreams;
import io.gatehouse.proxy.health.UpstreamState;
import java.util.List;

/**
 * The upstreams one pick may choose from: the group's available upstreams
 * ({@link AvailableUpstreams}), less any excluded for this request (already tried, or at their
 * concurrency limit), with their weights and the time of the pick.
 */
public final class Candidates {

    private final AvailableUpstreams available;
    private final int[] included;
    private final boolean[] excludedMembers;
    private final long nanoTime;
    private final int groupInFlight;

    private Candidates(AvailableUpstreams available, int[] included, boolean[] excludedMembers, long nanoTime,
                       int groupInFlight) {
        this.available = available;
        this.included = included;
        this.excludedMembers = excludedMembers;
        this.nanoTime = nanoTime;
        this.groupInFlight = groupInFlight;
    }

    /** Every available upstream is a candidate. */
    public static Candidates of(AvailableUpstreams available, long nanoTime) {
        return new Candidates(available, null, null, nanoTime, -1);
    }

    /** All these upstreams, with their configured weights, each its own member index; for tests and custom policies. */
    public static Candidates of(List<UpstreamState> states, long nanoTime) {
        return of(AvailableUpstreams.of(states), nanoTime);
    }

    /**
     * The available upstreams less the excluded members.
     *
     * @param excludedMembers by member index, true for the members to leave out; may be null
     */
    public static Candidates excluding(AvailableUpstreams available, boolean[] excludedMembers, long nanoTime) {
        return excluding(available, excludedMembers, nanoTime, -1);
    }

    /** As {@link #excluding(AvailableUpstreams, boolean[], long)}, knowing the group's attempts in flight. */
    static Candidates excluding(AvailableUpstreams available, boolean[] excludedMembers, long nanoTime, int groupInFlight) {
        if (excludedMembers == null) {
            return new Candidates(available, null, null, nanoTime, groupInFlight);
        }
        int n = available.size();
        int[] included = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int member = available.memberIndex(i);
            if (member >= excludedMembers.length || !excludedMembers[member]) {
                included[count++] = i;
            }
        }
        if (count == n) {
            return new Candidates(available, null, null, nanoTime, groupInFlight);
        }
        return new Candidates(available, java.util.Arrays.copyOf(included, count), excludedMembers, nanoTime,
                groupInFlight);
    }

    /** How many candidates there are. */
    public int size() {
        return included == null ? available.size() : included.length;
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** The i-th candidate. */
    public UpstreamState get(int i) {
        return available.get(index(i));
    }

    /** The i-th candidate's weight: configured weight × slow-start factor. */
    public double weight(int i) {
        return available.weight(index(i));
    }

    /** The i-th candidate's index among the group's members (as given to {@link LoadBalancer#newPicker}). */
    public int memberIndex(int i) {
        return available.memberIndex(index(i));
    }

    /** The time of the pick, on the registry's clock (nanoseconds); for latency decay. */
    public long nanoTime() {
        return nanoTime;
    }

    /** Whether the member with this index is a candidate. */
    public boolean containsMember(int memberIndex) {
        return available.containsMember(memberIndex)
                && (excludedMembers == null || memberIndex >= excludedMembers.length || !excludedMembers[memberIndex]);
    }

    /** Whether the state is one of the candidates (identity). */
    public boolean contains(UpstreamState state) {
        for (int i = 0, n = size(); i < n; i++) {
            if (get(i) == state) {
                return true;
            }
        }
        return false;
    }

    /**
     * The attempts in flight on the whole group (O(1), kept by the group's health view), or the sum
     * over the candidates when the candidates were made without it.
     */
    int totalInFlight() {
        if (groupInFlight >= 0) {
            return groupInFlight;
        }
        int total = 0;
        for (int i = 0, n = size(); i < n; i++) {
            total += get(i).inFlight();
        }
        return total;
    }

    /** The available set these candidates come from; stable across picks until health changes. */
    AvailableUpstreams available() {
        return available;
    }

    /** Whether every available upstream is a candidate. */
    boolean complete() {
        return included == null;
    }

    /** Whether the i-th available upstream (index into {@link #available()}) is a candidate. */
    boolean includesAvailable(int availableIndex) {
        if (excludedMembers == null) {
            return true;
        }
        int member = available.memberIndex(availableIndex);
        return member >= excludedMembers.length || !excludedMembers[member];
    }

    private int index(int i) {
        return included == null ? i : included[i];
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Candidates[");
        for (int i = 0, n = size(); i < n; i++) {
            s.append(i == 0 ? "" : ", ").append(get(i).upstreamId());
        }
        return s.append(']').toString();
    }
}

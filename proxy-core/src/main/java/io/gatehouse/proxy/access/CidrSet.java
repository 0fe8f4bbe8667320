package io.gatehouse.proxy.access;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A set of address ranges answering "is this address in any of them" in O(log n) without
 * allocating: the ranges are merged into disjoint, sorted intervals at construction (one list
 * for IPv4, one for IPv6) and searched by binary search. Immutable and thread-safe.
 */
public final class CidrSet {

    private static final CidrSet EMPTY = new CidrSet(List.of());

    private final List<Cidr> cidrs;
    /** IPv4 intervals: starts and ends (inclusive), unsigned 32-bit values, sorted, disjoint. */
    private final long[] v4Starts;
    private final long[] v4Ends;
    /** IPv6 intervals as (high, low) pairs, sorted unsigned, disjoint. */
    private final long[] v6StartHigh;
    private final long[] v6StartLow;
    private final long[] v6EndHigh;
    private final long[] v6EndLow;

    private CidrSet(List<Cidr> cidrs) {
        this.cidrs = List.copyOf(cidrs);
        List<long[]> v4 = new ArrayList<>();
        List<long[]> v6 = new ArrayList<>();
        for (Cidr cidr : cidrs) {
            long[] interval = {cidr.network().high(), cidr.network().low(), cidr.lastHigh(), cidr.lastLow()};
            (cidr.network().isIpv4() ? v4 : v6).add(interval);
        }
        List<long[]> mergedV4 = merge(v4);
        v4Starts = new long[mergedV4.size()];
        v4Ends = new long[mergedV4.size()];
        for (int i = 0; i < mergedV4.size(); i++) {
            v4Starts[i] = mergedV4.get(i)[1];
            v4Ends[i] = mergedV4.get(i)[3];
        }
        List<long[]> mergedV6 = merge(v6);
        v6StartHigh = new long[mergedV6.size()];
        v6StartLow = new long[mergedV6.size()];
        v6EndHigh = new long[mergedV6.size()];
        v6EndLow = new long[mergedV6.size()];
        for (int i = 0; i < mergedV6.size(); i++) {
            long[] interval = mergedV6.get(i);
            v6StartHigh[i] = interval[0];
            v6StartLow[i] = interval[1];
            v6EndHigh[i] = interval[2];
            v6EndLow[i] = interval[3];
        }
    }

    /** The empty set: contains nothing. */
    public static CidrSet empty() {
        return EMPTY;
    }

    /**
     * A set of ranges in CIDR notation or single addresses.
     *
     * @throws IllegalArgumentException naming the first value that is not a range (see {@link Cidr#parse})
     */
    public static CidrSet of(String... cidrs) {
        List<Cidr> parsed = new ArrayList<>(cidrs.length);
        for (String cidr : cidrs) {
            parsed.add(Cidr.parse(cidr));
        }
        return of(parsed);
    }

    /** A set of parsed ranges. */
    public static CidrSet of(Collection<Cidr> cidrs) {
        return cidrs.isEmpty() ? EMPTY : new CidrSet(List.copyOf(cidrs));
    }

    /** Whether the set holds no range. */
    public boolean isEmpty() {
        return cidrs.isEmpty();
    }

    /** The ranges as given, in order (not merged). */
    public List<Cidr> cidrs() {
        return cidrs;
    }

    /** Whether the address is in one of the ranges. */
    public boolean contains(IpAddress address) {
        if (address.isIpv4()) {
            long value = address.low();
            int i = lastStartAtOrBelow(v4Starts, value);
            return i >= 0 && value <= v4Ends[i];
        }
        long high = address.high();
        long low = address.low();
        int lo = 0;
        int hi = v6StartHigh.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(v6StartHigh[mid], v6StartLow[mid], high, low) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && compare(high, low, v6EndHigh[found], v6EndLow[found]) <= 0;
    }

    /** Whether the address literal is in one of the ranges; false when it is not an address. */
    public boolean contains(String address) {
        IpAddress parsed = IpAddress.tryParse(address);
        return parsed != null && contains(parsed);
    }

    private static int lastStartAtOrBelow(long[] starts, long value) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= value) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private static int compare(long high1, long low1, long high2, long low2) {
        int byHigh = Long.compareUnsigned(high1, high2);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low1, low2);
    }

    /** Sorts intervals by start and merges overlapping or adjacent ones. */
    private static List<long[]> merge(List<long[]> intervals) {
        long[][] sorted = intervals.toArray(new long[0][]);
        Arrays.sort(sorted, (a, b) -> compare(a[0], a[1], b[0], b[1]));
        List<long[]> merged = new ArrayList<>();
        for (long[] interval : sorted) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && (compare(interval[0], interval[1], last[2], last[3]) <= 0 || isNext(last, interval))) {
                if (compare(interval[2], interval[3], last[2], last[3]) > 0) {
                    last[2] = interval[2];
                    last[3] = interval[3];
                }
            } else {
                merged.add(interval.clone());
            }
        }
        return merged;
    }

    /** Whether {@code interval} starts right after {@code last} ends. */
    private static boolean isNext(long[] last, long[] interval) {
        long nextLow = last[3] + 1;
        long nextHigh = nextLow == 0 ? last[2] + 1 : last[2];
        if (nextLow == 0 && last[2] == -1L) {
            return false;
        }
        return interval[0] == nextHigh && interval[1] == nextLow;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CidrSet that && cidrs.equals(that.cidrs);
    }

    @Override
    public int hashCode() {
        return cidrs.hashCode();
    }

    @Override
    public String toString() {
        return cidrs.toString();
    }
}

package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.RequestView;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Consistent hashing with bounded load (Mirrokni, Thorup, Zadimoghaddam 2016, as in HAProxy's
 * {@code hash-balance-factor}): every upstream owns {@value #POINTS_PER_WEIGHT} × weight points on
 * a ring of 64-bit hashes of its id; a request's key hashes to a point and goes to the first
 * upstream clockwise that is a candidate and has fewer attempts in flight than
 * {@code ceil(loadFactor × (in flight + 1) / candidates)}.
 *
 * <p>The ring is built over all the group's members, and candidates that are not available are
 * skipped rather than removed, so an upstream going down moves only its own keys (about 1/N), to
 * their next upstream on the ring; the same holds when a configuration drops one, as the points
 * of the others do not move. Requests without a key go to a random candidate.
 */
final class ConsistentHash implements LoadBalancer {

    static final int POINTS_PER_WEIGHT = 100;
    static final int MAX_POINTS = 1 << 18;

    private final HashKey key;
    private final double loadFactor;
    private final Supplier<RandomGenerator> random;

    ConsistentHash(HashKey key, double loadFactor, Supplier<RandomGenerator> random) {
        this.key = key;
        this.loadFactor = loadFactor;
        this.random = random;
    }

    @Override
    public Picker newPicker(List<UpstreamState> members) {
        return new RingPicker(members);
    }

    @Override
    public String toString() {
        return "consistentHash(" + key + (Double.isInfinite(loadFactor) ? ", unbounded" : ", load factor " + loadFactor) + ")";
    }

    private final class RingPicker implements Picker {

        private final UpstreamState[] members;
        private final long[] points;
        private final int[] owners;

        RingPicker(List<UpstreamState> members) {
            this.members = members.toArray(new UpstreamState[0]);
            long total = 0;
            for (UpstreamState member : members) {
                total += (long) member.upstream().weight() * POINTS_PER_WEIGHT;
            }
            double scale = total > MAX_POINTS ? (double) MAX_POINTS / total : 1;
            long[][] ring = new long[(int) Math.min(total, MAX_POINTS + members.size())][];
            int count = 0;
            for (int m = 0; m < this.members.length; m++) {
                int n = (int) Math.max(1, Math.round(this.members[m].upstream().weight() * POINTS_PER_WEIGHT * scale));
                String id = this.members[m].upstreamId();
                for (int k = 0; k < n && count < ring.length; k++) {
                    ring[count++] = new long[] {Hashing.hash64(id + "#" + k), m};
                }
            }
            long[][] used = Arrays.copyOf(ring, count);
            Arrays.sort(used, (a, b) -> Long.compare(a[0], b[0]));
            this.points = new long[count];
            this.owners = new int[count];
            for (int i = 0; i < count; i++) {
                points[i] = used[i][0];
                owners[i] = (int) used[i][1];
            }
        }

        @Override
        public UpstreamState pick(Candidates candidates, RequestView request) {
            String value = key.value(request);
            if (value == null || points.length == 0) {
                return candidates.get(random.get().nextInt(candidates.size()));
            }
            long hash = Hashing.hash64(value);
            int start = Arrays.binarySearch(points, hash);
            if (start < 0) {
                start = -start - 1;
            }
            // The bound is at least 1, so an idle upstream is always under it: the bound is only
            // computed once a busy upstream is met.
            int capacity = -1;
            int length = points.length;
            for (int step = 0; step < length; step++) {
                int at = start + step;
                int member = owners[at >= length ? at - length : at];
                if (!candidates.containsMember(member)) {
                    continue;
                }
                int inFlight = members[member].inFlight();
                if (inFlight == 0) {
                    return members[member];
                }
                if (capacity < 0) {
                    capacity = capacity(candidates);
                }
                if (inFlight < capacity) {
                    return members[member];
                }
            }
            return leastLoaded(candidates);
        }

        private int capacity(Candidates candidates) {
            if (Double.isInfinite(loadFactor)) {
                return Integer.MAX_VALUE;
            }
            long total = candidates.totalInFlight();
            return (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(loadFactor * (total + 1) / candidates.size()));
        }

        private UpstreamState leastLoaded(Candidates candidates) {
            UpstreamState best = candidates.get(0);
            for (int i = 1, n = candidates.size(); i < n; i++) {
                if (candidates.get(i).inFlight() < best.inFlight()) {
                    best = candidates.get(i);
                }
            }
            return best;
        }
    }
}

package io.gatehouse.proxy.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Request coalescing: of concurrent fetches for one key, the first caller leads (it fetches),
 * the others follow (they wait for the leader's result). Lock-free; no I/O of its own.
 *
 * @param <K> the key type
 * @param <V> the result type
 */
final class RequestCoalescer<K, V> {

    private final ConcurrentHashMap<K, CompletableFuture<V>> flights = new ConcurrentHashMap<>();

    /**
     * Joins the flight for {@code key}. The caller that starts it is the leader and must end it
     * with {@link Flight#complete} or {@link Flight#fail}; the others get the same result.
     */
    Flight<K, V> join(K key) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> existing = flights.putIfAbsent(key, mine);
        return existing == null ? new Flight<>(this, key, mine, true) : new Flight<>(this, key, existing, false);
    }

    /**
     * Fetches {@code key} once however many callers ask at the same time: the leader runs
     * {@code fetch}, everybody gets its result.
     */
    CompletableFuture<V> load(K key, Function<K, CompletableFuture<V>> fetch) {
        Flight<K, V> flight = join(key);
        if (flight.leader()) {
            CompletableFuture<V> fetched;
            try {
                fetched = fetch.apply(key);
            } catch (RuntimeException e) {
                flight.fail(e);
                return flight.result();
            }
            fetched.whenComplete((v, t) -> {
                if (t == null) {
                    flight.complete(v);
                } else {
                    flight.fail(t);
                }
            });
        }
        return flight.result();
    }

    /** How many keys have a flight under way. */
    int inFlight() {
        return flights.size();
    }

    /**
     * One caller's part in a flight.
     *
     * @param <K> the key type
     * @param <V> the result type
     */
    static final class Flight<K, V> {

        private final RequestCoalescer<K, V> owner;
        private final K key;
        private final CompletableFuture<V> result;
        private final boolean leader;

        Flight(RequestCoalescer<K, V> owner, K key, CompletableFuture<V> result, boolean leader) {
            this.owner = owner;
            this.key = key;
            this.result = result;
            this.leader = leader;
        }

        /** Whether this caller must fetch. */
        boolean leader() {
            return leader;
        }

        /** The flight's result, shared by all callers; a follower should wait on it with a bound. */
        CompletableFuture<V> result() {
            return result;
        }

        /** Ends the flight with a result (leader only; idempotent). New callers start a new flight. */
        void complete(V value) {
            if (leader) {
                owner.flights.remove(key, result);
                result.complete(value);
            }
        }

        /**
         * Gives up on a leader that has not finished in time (any caller): the flight ends with
         * {@code failure} for everybody waiting and the next caller leads a new one, so a leader
         * that never reports back cannot hold the key forever.
         */
        void abandon(Throwable failure) {
            owner.flights.remove(key, result);
            result.completeExceptionally(failure);
        }

        /** Ends the flight with a failure (leader only; idempotent). */
        void fail(Throwable failure) {
            if (leader) {
                owner.flights.remove(key, result);
                result.completeExceptionally(failure);
            }
        }
    }
}

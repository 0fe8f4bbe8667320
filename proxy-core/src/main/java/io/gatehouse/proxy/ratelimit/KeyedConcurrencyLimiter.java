package io.gatehouse.proxy.ratelimit;

import io.gatehouse.proxy.http.RequestView;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-flight counters per key, lock-free: a counter exists only while its key has requests in
 * flight, so memory follows concurrency, not the number of clients ever seen.
 *
 * <p>A counter that drops to 0 is retired (set to {@link #RETIRED} by CAS) and removed; an
 * acquirer that finds a retired counter removes it and retries with a fresh one, so a slot is
 * never taken on a counter that is no longer in the map.
 */
final class KeyedConcurrencyLimiter implements ConcurrencyLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedConcurrencyLimiter.class);
    private static final int RETIRED = Integer.MIN_VALUE;

    private final String name;
    private final int limit;
    private final RateLimitKey key;
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final LongAdder leaked = new LongAdder();

    KeyedConcurrencyLimiter(String name, int limit, RateLimitKey key) {
        this.name = name;
        this.limit = limit;
        this.key = key;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public Lease tryAcquire(RequestView request, String routeId) {
        String slotKey = key.of(request, routeId);
        if (slotKey == null) {
            return Lease.none();
        }
        while (true) {
            AtomicInteger counter = inFlight.get(slotKey);
            if (counter == null) {
                AtomicInteger fresh = new AtomicInteger(1);
                if (inFlight.putIfAbsent(slotKey, fresh) == null) {
                    return lease(slotKey, fresh);
                }
                continue;
            }
            int current = counter.get();
            if (current == RETIRED) {
                inFlight.remove(slotKey, counter);
                continue;
            }
            if (current >= limit) {
                return null;
            }
            if (counter.compareAndSet(current, current + 1)) {
                return lease(slotKey, counter);
            }
        }
    }

    private Lease lease(String slotKey, AtomicInteger counter) {
        return new TrackedLease(() -> release(slotKey, counter), this::leaked);
    }

    private void release(String slotKey, AtomicInteger counter) {
        if (counter.decrementAndGet() == 0 && counter.compareAndSet(0, RETIRED)) {
            inFlight.remove(slotKey, counter);
        }
    }

    private void leaked() {
        leaked.increment();
        long count = leaked.sum();
        if (count == 1 || count % 1000 == 0) {
            LOG.warn("Concurrency limiter '{}': {} lease(s) were never closed and were given back by the garbage collector;"
                    + " the adapter must close Decision.Forward when the exchange ends", name, count);
        }
    }

    @Override
    public long leakedLeases() {
        return leaked.sum();
    }

    /** Requests in flight for a key (0 when none). */
    int inFlight(String slotKey) {
        AtomicInteger counter = inFlight.get(slotKey);
        int value = counter == null ? 0 : counter.get();
        return Math.max(value, 0);
    }

    /** Keys with requests in flight. */
    int keys() {
        return inFlight.size();
    }

    @Override
    public String toString() {
        return "concurrency(" + name + ": " + limit + " per key)";
    }
}

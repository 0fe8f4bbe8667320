package io.gatehouse.proxy.ratelimit;

/**
 * A permit held for as long as a request is in flight, such as a slot of a per-client
 * concurrency limit. Closing it gives the slot back; closing twice does nothing.
 *
 * <p>The engine hands a lease out only inside {@code Decision.Forward}, which the adapter
 * closes when the exchange ends (success, failure or abort). The built-in leases are also
 * given back when their owner becomes unreachable without being closed (an adapter bug,
 * counted by {@link ConcurrencyLimiter#leakedLeases()}), so a forgotten close cannot lock a
 * client out for good.
 */
public interface Lease extends AutoCloseable {

    /** Gives the permit back; idempotent, thread-safe, never throws. */
    @Override
    void close();

    /** The lease that holds nothing. */
    static Lease none() {
        return NoLease.INSTANCE;
    }

    /** The lease that holds nothing. */
    enum NoLease implements Lease {
        /** The only instance. */
        INSTANCE;

        @Override
        public void close() {
        }
    }
}

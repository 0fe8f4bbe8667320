package io.gatehouse.proxy.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether to make another attempt after a failed one, after which delay, and why (for logs and
 * events).
 *
 * @param retry whether to make another attempt
 * @param delay how long to wait before it; zero when not retrying
 * @param freshConnection whether the next attempt must use a new connection, not a pooled one
 *     (after a stale pooled connection failed)
 * @param reason why, in words, e.g. {@code connect failure; attempt 1 of 3}
 */
public record RetryDecision(boolean retry, Duration delay, boolean freshConnection, String reason) {

    public RetryDecision {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(reason, "reason");
    }

    /** Retry after {@code delay}. */
    public static RetryDecision retry(Duration delay, String reason) {
        return new RetryDecision(true, delay, false, reason);
    }

    /** Retry at once on a fresh connection to the same upstream. */
    public static RetryDecision retryOnFreshConnection(String reason) {
        return new RetryDecision(true, Duration.ZERO, true, reason);
    }

    /** Do not retry; the adapter answers with the failure or relays the response. */
    public static RetryDecision stop(String reason) {
        return new RetryDecision(false, Duration.ZERO, false, reason);
    }
}

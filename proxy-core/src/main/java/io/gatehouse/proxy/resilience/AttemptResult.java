package io.gatehouse.proxy.resilience;

import io.gatehouse.proxy.forward.ForwardFailure;
import java.time.Duration;
import java.util.Objects;

/**
 * How an attempt ended, for the retry decision: a failure without a response, or a response
 * status (with its {@code Retry-After}, if any).
 *
 * @param failure the failure, or null when a response arrived
 * @param status the response status, or 0 when none arrived
 * @param retryAfter the response's {@code Retry-After} as a delay, or null
 */
public record AttemptResult(ForwardFailure failure, int status, Duration retryAfter) {

    /** The attempt failed without a response. */
    public static AttemptResult failure(ForwardFailure failure) {
        return new AttemptResult(Objects.requireNonNull(failure, "failure"), 0, null);
    }

    /** A response with this status arrived. */
    public static AttemptResult response(int status, Duration retryAfter) {
        return new AttemptResult(null, status, retryAfter);
    }

    /** Whether a response arrived. */
    public boolean responded() {
        return failure == null;
    }

    @Override
    public String toString() {
        if (failure == null) {
            return "status " + status + (retryAfter == null ? "" : " (Retry-After " + retryAfter + ")");
        }
        return switch (failure) {
            case CONNECT_FAILED -> "connect failure";
            case CONNECT_TIMEOUT -> "connect timeout";
            case RESPONSE_TIMEOUT -> "response timeout";
            case IDLE_TIMEOUT -> "idle timeout";
            case UPSTREAM_FAILED -> "connection failure during the exchange";
            case INVALID_RESPONSE -> "invalid response";
            case STALE_CONNECTION -> "stale pooled connection";
            default -> failure.name();
        };
    }
}

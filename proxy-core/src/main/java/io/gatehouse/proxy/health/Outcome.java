package io.gatehouse.proxy.health;

import io.gatehouse.proxy.forward.ForwardFailure;
import java.util.Objects;

/**
 * How one attempt on an upstream ended, as the adapter reports it: it feeds the in-flight count,
 * the latency average and passive health ({@link Lease#complete(Outcome)}).
 *
 * @param kind what happened
 * @param status the response status, or 0 when no response arrived
 */
public record Outcome(Kind kind, int status) {

    /** What happened to an attempt. */
    public enum Kind {
        /** A response arrived that says nothing bad about the upstream (any status below 500). */
        SUCCESS(false, true),
        /** A 5xx response arrived: counts as a failure for outlier detection. */
        SERVER_ERROR(true, false),
        /** The connection could not be opened (refused, unreachable, connect timeout). */
        CONNECT_FAILURE(true, false),
        /** The upstream took too long to answer or went silent. */
        TIMEOUT(true, true),
        /** The connection broke during the exchange. */
        RESET(true, true),
        /**
         * No verdict on the upstream: the client went away, the proxy failed, or a pooled connection
         * the upstream had closed while idle was used (a race of the pool, not a sick upstream).
         */
        CANCELLED(false, false);

        private final boolean failure;
        private final boolean timed;

        Kind(boolean failure, boolean timed) {
            this.failure = failure;
            this.timed = timed;
        }

        /** Whether outlier detection counts it as a failure. */
        public boolean failure() {
            return failure;
        }

        /**
         * Whether its duration is a latency sample. Failures that answer fast (5xx, refused
         * connections) are not, or a latency-aware balancer would favour a backend that fails fast.
         */
        public boolean timed() {
            return timed;
        }
    }

    private static final Outcome CANCELLED = new Outcome(Kind.CANCELLED, 0);

    public Outcome {
        Objects.requireNonNull(kind, "kind");
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100-599, or 0 for no response)");
        }
    }

    /** A response with this status arrived; 5xx is a {@link Kind#SERVER_ERROR}. */
    public static Outcome response(int status) {
        return new Outcome(status >= 500 ? Kind.SERVER_ERROR : Kind.SUCCESS, status);
    }

    /** The attempt failed without a usable response, as the adapter classified it. */
    public static Outcome failure(ForwardFailure failure) {
        return switch (Objects.requireNonNull(failure, "failure")) {
            case CONNECT_FAILED, CONNECT_TIMEOUT -> new Outcome(Kind.CONNECT_FAILURE, 0);
            case RESPONSE_TIMEOUT, IDLE_TIMEOUT -> new Outcome(Kind.TIMEOUT, 0);
            case UPSTREAM_FAILED, INVALID_RESPONSE -> new Outcome(Kind.RESET, 0);
            default -> CANCELLED;
        };
    }

    /** No verdict on the upstream (client gone, proxy error, stale pooled connection). */
    public static Outcome cancelled() {
        return CANCELLED;
    }
}

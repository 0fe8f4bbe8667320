package io.gatehouse.proxy.health;

import java.time.Duration;
import java.util.Objects;

/**
 * An active health check of a group: every interval (plus a random jitter) each upstream is
 * asked for {@link #path()}; a status in the expected range within the timeout is a pass.
 * {@link #unhealthyThreshold()} consecutive failures take the upstream out,
 * {@link #healthyThreshold()} consecutive passes bring it back. Immutable.
 *
 * <pre>{@code
 * HealthCheck check = HealthCheck.builder().path("/health").interval(Duration.ofSeconds(5)).build();
 * }</pre>
 */
public final class HealthCheck {

    /** Default time between two checks of one upstream. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    /** Default time a check may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Default consecutive passes that make an unhealthy upstream healthy again. */
    public static final int DEFAULT_HEALTHY_THRESHOLD = 2;
    /** Default consecutive failures that make an upstream unhealthy. */
    public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;

    private final String path;
    private final Duration interval;
    private final Duration jitter;
    private final Duration timeout;
    private final int minStatus;
    private final int maxStatus;
    private final int healthyThreshold;
    private final int unhealthyThreshold;

    private HealthCheck(Builder b) {
        this.path = b.path;
        this.interval = b.interval;
        this.jitter = b.jitter != null ? b.jitter : b.interval.dividedBy(10);
        this.timeout = b.timeout;
        this.minStatus = b.minStatus;
        this.maxStatus = b.maxStatus;
        this.healthyThreshold = b.healthyThreshold;
        this.unhealthyThreshold = b.unhealthyThreshold;
    }

    /** Starts a check with the defaults: {@code GET /health} every 10 s (± up to 1 s), 2 s timeout, 200-399, 2 up / 3 down. */
    public static Builder builder() {
        return new Builder();
    }

    /** The raw path asked for, after the upstream's base path; starts with {@code /}. */
    public String path() {
        return path;
    }

    /** The time between the end of one check and the start of the next, before jitter. */
    public Duration interval() {
        return interval;
    }

    /** The most random time added to each interval, so that checks of many proxies do not line up. */
    public Duration jitter() {
        return jitter;
    }

    /** How long one check may take; longer counts as a failure. */
    public Duration timeout() {
        return timeout;
    }

    /** The lowest status that passes. */
    public int minStatus() {
        return minStatus;
    }

    /** The highest status that passes. */
    public int maxStatus() {
        return maxStatus;
    }

    /** Whether a response status passes the check. */
    public boolean passes(int status) {
        return status >= minStatus && status <= maxStatus;
    }

    /** Consecutive passes that bring an unhealthy upstream back. */
    public int healthyThreshold() {
        return healthyThreshold;
    }

    /** Consecutive failures that take an upstream out. */
    public int unhealthyThreshold() {
        return unhealthyThreshold;
    }

    @Override
    public String toString() {
        return "HealthCheck[GET " + path + " every " + interval + " (+" + jitter + "), timeout " + timeout + ", "
                + minStatus + "-" + maxStatus + ", up " + healthyThreshold + " / down " + unhealthyThreshold + "]";
    }

    /** Builds a {@link HealthCheck}; each setter checks its value at once and says what was expected. */
    public static final class Builder {

        private String path = "/health";
        private Duration interval = DEFAULT_INTERVAL;
        private Duration jitter;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int minStatus = 200;
        private int maxStatus = 399;
        private int healthyThreshold = DEFAULT_HEALTHY_THRESHOLD;
        private int unhealthyThreshold = DEFAULT_UNHEALTHY_THRESHOLD;

        private Builder() {
        }

        /** The raw path to ask for (default {@code /health}); may carry a query. */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
                throw new IllegalArgumentException("path: '" + path + "' (expected: a raw path starting with '/', e.g. '/health')");
            }
            this.path = path;
            return this;
        }

        /** The time between checks of one upstream (default 10 s); positive. */
        public Builder interval(Duration interval) {
            this.interval = positive("interval", interval);
            return this;
        }

        /** The most random time added to each interval (default a tenth of the interval); zero or more. */
        public Builder jitter(Duration jitter) {
            Objects.requireNonNull(jitter, "jitter");
            if (jitter.isNegative()) {
                throw new IllegalArgumentException("jitter: " + jitter + " (expected: zero or a positive duration)");
            }
            this.jitter = jitter;
            return this;
        }

        /** How long one check may take (default 2 s); positive. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive("timeout", timeout);
            return this;
        }

        /** The statuses that pass, inclusive (default 200-399). */
        public Builder expectStatus(int min, int max) {
            if (min < 100 || max > 599 || min > max) {
                throw new IllegalArgumentException("expectStatus: " + min + "-" + max
                        + " (expected: a range within 100-599, lowest first, e.g. 200-399)");
            }
            this.minStatus = min;
            this.maxStatus = max;
            return this;
        }

        /** Consecutive passes that bring an unhealthy upstream back (default 2); at least 1. */
        public Builder healthyThreshold(int passes) {
            this.healthyThreshold = atLeastOne("healthyThreshold", passes);
            return this;
        }

        /** Consecutive failures that take an upstream out (default 3); at least 1. */
        public Builder unhealthyThreshold(int failures) {
            this.unhealthyThreshold = atLeastOne("unhealthyThreshold", failures);
            return this;
        }

        /** Builds the check; the builder can build again. */
        public HealthCheck build() {
            return new HealthCheck(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: a positive duration)");
            }
            return value;
        }

        private static int atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: 1 or more)");
            }
            return value;
        }
    }
}

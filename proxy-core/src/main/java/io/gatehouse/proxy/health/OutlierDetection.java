package io.gatehouse.proxy.health;

import java.time.Duration;
import java.util.Objects;

/**
 * Passive outlier detection of a group: an upstream whose attempts fail
 * {@link #consecutiveFailures()} times in a row (connect failures, timeouts, resets, 5xx) is
 * ejected for the base ejection time × the number of its recent ejections, capped at the maximum,
 * and comes back on its own. Never more than {@link #maxEjectedShare()} of a group is ejected at
 * once. Each base ejection time an upstream stays clean after coming back forgets one ejection.
 * When the group has an active {@link HealthCheck}, a check sent after the ejection began that
 * passes (and leaves the upstream healthy) ends the ejection at once, as Envoy's
 * {@code successful_active_health_check_uneject_host} does; turn that off with
 * {@link Builder#healthCheckPassEndsEjection(boolean)}. An ejection ended early still counts
 * towards the back-off of the next one (Envoy keeps it too): an upstream whose health endpoint
 * passes while its requests fail is ejected for longer each time. Immutable.
 */
public final class OutlierDetection {

    /** Default consecutive failures that eject an upstream. */
    public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
    /** Default time of a first ejection. */
    public static final Duration DEFAULT_BASE_EJECTION_TIME = Duration.ofSeconds(30);
    /** Default longest ejection. */
    public static final Duration DEFAULT_MAX_EJECTION_TIME = Duration.ofMinutes(5);
    /** Default largest share of a group that may be ejected at once. */
    public static final double DEFAULT_MAX_EJECTED_SHARE = 0.5;

    private static final OutlierDetection DISABLED = new OutlierDetection(false, new Builder());

    private final boolean enabled;
    private final int consecutiveFailures;
    private final Duration baseEjectionTime;
    private final Duration maxEjectionTime;
    private final double maxEjectedShare;
    private final boolean healthCheckPassEndsEjection;

    private OutlierDetection(boolean enabled, Builder b) {
        this.enabled = enabled;
        this.consecutiveFailures = b.consecutiveFailures;
        this.baseEjectionTime = b.baseEjectionTime;
        this.maxEjectionTime = b.maxEjectionTime;
        this.maxEjectedShare = b.maxEjectedShare;
        this.healthCheckPassEndsEjection = b.healthCheckPassEndsEjection;
    }

    /** The defaults: 5 consecutive failures eject for 30 s × ejections, at most 5 min, at most half the group. */
    public static OutlierDetection defaults() {
        return builder().build();
    }

    /** No passive ejection. */
    public static OutlierDetection disabled() {
        return DISABLED;
    }

    /** Starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether ejection happens at all. */
    public boolean enabled() {
        return enabled;
    }

    /** Consecutive failed attempts that eject an upstream. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The time of a first ejection; the n-th recent ejection lasts n times as long. */
    public Duration baseEjectionTime() {
        return baseEjectionTime;
    }

    /** The longest ejection. */
    public Duration maxEjectionTime() {
        return maxEjectionTime;
    }

    /** The largest share of a group's upstreams ejected at once (0.5: half, rounded down). */
    public double maxEjectedShare() {
        return maxEjectedShare;
    }

    /** Whether a passing active health check ends an ejection early (default true). */
    public boolean healthCheckPassEndsEjection() {
        return healthCheckPassEndsEjection;
    }

    @Override
    public String toString() {
        return enabled ? "OutlierDetection[" + consecutiveFailures + " consecutive failures, " + baseEjectionTime
                + " x ejections up to " + maxEjectionTime + ", at most " + Math.round(maxEjectedShare * 100) + "%"
                + (healthCheckPassEndsEjection ? ", ended by a passing health check]" : "]")
                : "OutlierDetection[disabled]";
    }

    /** Builds an {@link OutlierDetection}; each setter checks its value at once. */
    public static final class Builder {

        private int consecutiveFailures = DEFAULT_CONSECUTIVE_FAILURES;
        private Duration baseEjectionTime = DEFAULT_BASE_EJECTION_TIME;
        private Duration maxEjectionTime = DEFAULT_MAX_EJECTION_TIME;
        private double maxEjectedShare = DEFAULT_MAX_EJECTED_SHARE;
        private boolean healthCheckPassEndsEjection = true;

        private Builder() {
        }

        /** Consecutive failed attempts that eject an upstream (default 5); at least 1. */
        public Builder consecutiveFailures(int failures) {
            if (failures < 1) {
                throw new IllegalArgumentException("consecutiveFailures: " + failures + " (expected: 1 or more)");
            }
            this.consecutiveFailures = failures;
            return this;
        }

        /** The time of a first ejection (default 30 s); positive. */
        public Builder baseEjectionTime(Duration time) {
            this.baseEjectionTime = positive("baseEjectionTime", time);
            return this;
        }

        /** The longest ejection (default 5 min); positive. */
        public Builder maxEjectionTime(Duration time) {
            this.maxEjectionTime = positive("maxEjectionTime", time);
            return this;
        }

        /** The largest share of a group ejected at once (default 0.5); between 0 and 1. */
        public Builder maxEjectedShare(double share) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("maxEjectedShare: " + share + " (expected: 0.0-1.0, e.g. 0.5 for half)");
            }
            this.maxEjectedShare = share;
            return this;
        }

        /**
         * Whether an active health check sent after an ejection began that passes, leaving the
         * upstream healthy, ends the ejection at once (default true, as Envoy's
         * {@code successful_active_health_check_uneject_host}). Set false when the health endpoint
         * is shallower than the requests (it passes while they fail), so that ejections last
         * their time.
         */
        public Builder healthCheckPassEndsEjection(boolean ends) {
            this.healthCheckPassEndsEjection = ends;
            return this;
        }

        /**
         * Builds the detection.
         *
         * @throws IllegalStateException when the maximum ejection time is shorter than the base
         */
        public OutlierDetection build() {
            if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
                throw new IllegalStateException("maxEjectionTime: " + maxEjectionTime
                        + " (expected: at least baseEjectionTime " + baseEjectionTime + ")");
            }
            return new OutlierDetection(true, this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: a positive duration)");
            }
            return value;
        }
    }
}

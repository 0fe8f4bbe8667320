package io.gatehouse.proxy;

import io.gatehouse.proxy.balancing.BalancedGroup;
import io.gatehouse.proxy.balancing.LoadBalancer;
import io.gatehouse.proxy.balancing.LoadBalancers;
import io.gatehouse.proxy.balancing.SessionAffinity;
import io.gatehouse.proxy.health.HealthCheck;
import io.gatehouse.proxy.health.OutlierDetection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A named set of interchangeable upstreams, the policy that picks one of them, and how their
 * health is watched: active checks, passive outlier detection, slow start, panic mode, a limit of
 * concurrent requests per upstream and session affinity. Routes send traffic to groups, never to
 * single upstreams. Immutable; the runtime state lives in {@link io.gatehouse.proxy.health}. Health
 * and the load balancer see it as a {@link BalancedGroup}.
 */
public final class UpstreamGroup implements BalancedGroup {

    private final String id;
    private final List<Upstream> upstreams;
    private final LoadBalancer loadBalancer;
    private final HealthCheck healthCheck;
    private final OutlierDetection outlierDetection;
    private final Duration slowStart;
    private final boolean panicMode;
    private final int maxRequestsPerUpstream;
    private final SessionAffinity sessionAffinity;

    private UpstreamGroup(String id, List<Upstream> upstreams, Builder b) {
        this.id = id;
        this.upstreams = List.copyOf(upstreams);
        this.loadBalancer = b.loadBalancer == null ? LoadBalancers.roundRobin() : b.loadBalancer;
        this.healthCheck = b.healthCheck;
        this.outlierDetection = b.outlierDetection;
        this.slowStart = b.slowStart;
        this.panicMode = b.panicMode;
        this.maxRequestsPerUpstream = b.maxRequestsPerUpstream;
        this.sessionAffinity = b.sessionAffinity;
    }

    /** The group's id, unique in the configuration. */
    @Override
    public String id() {
        return id;
    }

    /** The upstreams, in the order they were added. */
    @Override
    public List<Upstream> upstreams() {
        return upstreams;
    }

    /** The policy that picks an upstream for a request. */
    @Override
    public LoadBalancer loadBalancer() {
        return loadBalancer;
    }

    /** The active health check, or null when the group has none (upstreams count as healthy). */
    @Override
    public HealthCheck healthCheck() {
        return healthCheck;
    }

    /** Passive outlier detection (default {@link OutlierDetection#defaults()}). */
    @Override
    public OutlierDetection outlierDetection() {
        return outlierDetection;
    }

    /** The window over which an upstream that becomes healthy ramps its weight up; zero for none (default). */
    @Override
    public Duration slowStart() {
        return slowStart;
    }

    /** Whether requests are spread over every upstream when none is healthy (default true), rather than refused with 503. */
    @Override
    public boolean panicMode() {
        return panicMode;
    }

    /** The most requests under way at once on one upstream; 0 for no limit (default). */
    @Override
    public int maxRequestsPerUpstream() {
        return maxRequestsPerUpstream;
    }

    /** Cookie session affinity, or null when the group has none (default). */
    @Override
    public SessionAffinity sessionAffinity() {
        return sessionAffinity;
    }

    @Override
    public String toString() {
        return "UpstreamGroup[" + id + ", " + upstreams + ", " + loadBalancer + "]";
    }

    /** Builds an {@link UpstreamGroup}; used inside {@link ProxyConfig.Builder#upstreamGroup}. */
    public static final class Builder {

        private final String id;
        private final List<Upstream.Builder> upstreams = new ArrayList<>();
        private LoadBalancer loadBalancer;
        private HealthCheck healthCheck;
        private OutlierDetection outlierDetection = OutlierDetection.defaults();
        private Duration slowStart = Duration.ZERO;
        private boolean panicMode = true;
        private int maxRequestsPerUpstream;
        private SessionAffinity sessionAffinity;
        private final List<String> problems = new ArrayList<>();

        Builder(String id) {
            this.id = id;
        }

        /** Adds an upstream by its URI, e.g. {@code http://127.0.0.1:9001} or {@code https://users.internal/v1}. */
        public Builder upstream(String uri) {
            return upstream(uri, u -> { });
        }

        /** Adds an upstream by its URI and sets its options (id, weight). */
        public Builder upstream(String uri, Consumer<Upstream.Builder> options) {
            Upstream.Builder builder = new Upstream.Builder(uri);
            Objects.requireNonNull(options, "options").accept(builder);
            upstreams.add(builder);
            return this;
        }

        /** Sets the load balancing policy (default {@link LoadBalancers#roundRobin()}). */
        public Builder loadBalancer(LoadBalancer loadBalancer) {
            this.loadBalancer = Objects.requireNonNull(loadBalancer, "loadBalancer");
            return this;
        }

        /**
         * Checks every upstream actively, e.g. {@code h -> h.path("/health").interval(Duration.ofSeconds(5))};
         * the adapter sends the checks (see {@link io.gatehouse.proxy.health.ActiveHealthChecks}).
         */
        public Builder healthCheck(Consumer<HealthCheck.Builder> check) {
            Objects.requireNonNull(check, "check");
            try {
                HealthCheck.Builder builder = HealthCheck.builder();
                check.accept(builder);
                this.healthCheck = builder.build();
            } catch (IllegalArgumentException | IllegalStateException e) {
                problems.add("upstream group '" + id + "': healthCheck " + e.getMessage());
            }
            return this;
        }

        /** Checks every upstream actively with a check built elsewhere. */
        public Builder healthCheck(HealthCheck check) {
            this.healthCheck = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * Tunes passive outlier detection, e.g. {@code o -> o.consecutiveFailures(3)}; starts from
         * the defaults (5 failures, 30 s × ejections up to 5 min, at most half the group).
         */
        public Builder outlierDetection(Consumer<OutlierDetection.Builder> detection) {
            Objects.requireNonNull(detection, "detection");
            try {
                OutlierDetection.Builder builder = OutlierDetection.builder();
                detection.accept(builder);
                this.outlierDetection = builder.build();
            } catch (IllegalArgumentException | IllegalStateException e) {
                problems.add("upstream group '" + id + "': outlierDetection " + e.getMessage());
            }
            return this;
        }

        /** Sets passive outlier detection, e.g. {@link OutlierDetection#disabled()}. */
        public Builder outlierDetection(OutlierDetection detection) {
            this.outlierDetection = Objects.requireNonNull(detection, "detection");
            return this;
        }

        /** Ramps the weight of an upstream that becomes healthy up over this window (default zero: off). */
        public Builder slowStart(Duration window) {
            this.slowStart = Objects.requireNonNull(window, "slowStart");
            return this;
        }

        /**
         * Whether to spread requests over every upstream when none is healthy (default true); false
         * answers 503 with {@code Retry-After} instead.
         */
        public Builder panicMode(boolean panicMode) {
            this.panicMode = panicMode;
            return this;
        }

        /**
         * Caps the requests under way at once on each upstream (default 0: no cap); over it another
         * upstream is tried, and with none left the client gets 503 with {@code Retry-After}.
         */
        public Builder maxRequestsPerUpstream(int max) {
            this.maxRequestsPerUpstream = max;
            return this;
        }

        /** Pins clients to an upstream with a cookie, e.g. {@code SessionAffinity.cookie("GH_AFFINITY")}. */
        public Builder sessionAffinity(SessionAffinity affinity) {
            this.sessionAffinity = Objects.requireNonNull(affinity, "affinity");
            return this;
        }

        UpstreamGroup build(List<String> problems) {
            problems.addAll(this.problems);
            if (slowStart.isNegative()) {
                problems.add("upstream group '" + id + "': slowStart " + slowStart
                        + " is invalid (expected: zero for none, or a positive duration such as 30 s)");
            }
            if (maxRequestsPerUpstream < 0) {
                problems.add("upstream group '" + id + "': maxRequestsPerUpstream " + maxRequestsPerUpstream
                        + " is invalid (expected: 0 for no limit, or 1 or more)");
            }
            if (upstreams.isEmpty()) {
                problems.add("upstream group '" + id + "' has no upstreams; add one with .upstream(\"http://host:port\")");
            }
            List<Upstream> built = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (Upstream.Builder builder : upstreams) {
                Upstream upstream = builder.build(id, problems);
                if (upstream == null) {
                    continue;
                }
                if (!ids.add(upstream.id())) {
                    problems.add("upstream '" + upstream.id() + "' appears twice in group '" + id
                            + "'; give each upstream a distinct URI or id");
                    continue;
                }
                built.add(upstream);
            }
            return new UpstreamGroup(id, built, this);
        }
    }
}

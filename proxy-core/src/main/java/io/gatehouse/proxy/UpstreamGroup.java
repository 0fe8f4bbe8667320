package io.gatehouse.proxy;

import io.gatehouse.proxy.balancing.LoadBalancer;
import io.gatehouse.proxy.balancing.LoadBalancers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A named set of interchangeable upstreams and the policy that picks one of them. Routes send
 * traffic to groups, never to single upstreams. Immutable.
 */
public final class UpstreamGroup {

    private final String id;
    private final List<Upstream> upstreams;
    private final LoadBalancer loadBalancer;

    private UpstreamGroup(String id, List<Upstream> upstreams, LoadBalancer loadBalancer) {
        this.id = id;
        this.upstreams = List.copyOf(upstreams);
        this.loadBalancer = loadBalancer;
    }

    /** The group's id, unique in the configuration. */
    public String id() {
        return id;
    }

    /** The upstreams, in the order they were added. */
    public List<Upstream> upstreams() {
        return upstreams;
    }

    /** The policy that picks an upstream for a request. */
    public LoadBalancer loadBalancer() {
        return loadBalancer;
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

        UpstreamGroup build(List<String> problems) {
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
            return new UpstreamGroup(id, built, loadBalancer == null ? LoadBalancers.roundRobin() : loadBalancer);
        }
    }
}

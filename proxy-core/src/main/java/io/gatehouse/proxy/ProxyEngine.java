package io.gatehouse.proxy;

import io.gatehouse.proxy.balancing.Choice;
import io.gatehouse.proxy.balancing.GroupBalancer;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.forward.ForwardPlan;
import io.gatehouse.proxy.health.ActiveHealthChecks;
import io.gatehouse.proxy.health.GroupHealth;
import io.gatehouse.proxy.health.HealthProber;
import io.gatehouse.proxy.health.ProbeScheduler;
import io.gatehouse.proxy.health.UpstreamRegistry;
import io.gatehouse.proxy.http.RequestView;
import io.gatehouse.proxy.resilience.Failover;
import io.gatehouse.proxy.resilience.RetryBudget;
import io.gatehouse.proxy.routing.RouteMatch;
import io.gatehouse.proxy.routing.RouteTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The core's entry point for adapters: given a request, decides what to do with it. The
 * stages a request goes through are listed, in order, in {@link #decide}.
 *
 * <p>Immutable and thread-safe; build one per {@link ProxyConfig}. Does no I/O. The runtime state of
 * the upstreams (in-flight counts, latency, health) lives in an {@link UpstreamRegistry} that
 * outlives engines: build the engine of a new configuration with {@link #of(ProxyConfig, ProxyEngine)}
 * so that upstreams surviving the swap keep their state.
 */
public final class ProxyEngine {

    private final ProxyConfig config;
    private final RouteTable routes;
    // Load balancing, health and resilience (issue 6): runtime state apart from the configuration.
    private final UpstreamRegistry upstreams;
    private final Map<String, GroupBalancer> balancers = new HashMap<>();
    private final Map<String, RetryBudget> budgets = new HashMap<>();

    private ProxyEngine(ProxyConfig config, UpstreamRegistry upstreams) {
        this.config = config;
        this.routes = RouteTable.compile(config.routes());
        this.upstreams = upstreams;
        List<String> problems = new ArrayList<>();
        for (Route route : config.routes()) {
            for (String group : route.upstreamGroups()) {
                if (config.upstreamGroup(group) == null) {
                    problems.add("route '" + route.id() + "' splits traffic to upstream group '" + group
                            + "', which is not declared; declare it with .upstreamGroup(\"" + group
                            + "\", ...) or fix the id (known: " + config.upstreamGroups().keySet() + ")");
                }
            }
            budgets.put(route.id(), route.retry().newBudget(upstreams::nanoTime));
        }
        if (!problems.isEmpty()) {
            throw new ProxyConfigException(problems);
        }
        upstreams.retain(config.upstreamGroups().values());
        for (UpstreamGroup group : config.upstreamGroups().values()) {
            balancers.put(group.id(), GroupBalancer.of(group, upstreams.bind(group, group.loadBalancer().latencyDecay())));
        }
    }

    /** Compiles a configuration with a fresh upstream registry (every upstream starts healthy, idle). */
    public static ProxyEngine of(ProxyConfig config) {
        return of(config, UpstreamRegistry.create());
    }

    /**
     * Compiles a configuration that replaces {@code previous}'s: upstreams with the same group and
     * upstream id keep their runtime state; those no longer configured are forgotten. Active health
     * checks of the previous engine must be closed and started again on this one.
     */
    public static ProxyEngine of(ProxyConfig config, ProxyEngine previous) {
        return of(config, Objects.requireNonNull(previous, "previous").upstreams);
    }

    /** Compiles a configuration over an existing registry (a test clock, a listener of health changes). */
    public static ProxyEngine of(ProxyConfig config, UpstreamRegistry upstreams) {
        return new ProxyEngine(Objects.requireNonNull(config, "config"), Objects.requireNonNull(upstreams, "upstreams"));
    }

    /** The runtime state of every upstream: the read API of health for metrics and status pages. */
    public UpstreamRegistry upstreams() {
        return upstreams;
    }

    /**
     * The attempts of a request this engine decided to forward: call right after
     * {@link #decide} returned {@link Decision.Forward}, on the same engine. See {@link Failover}.
     */
    public Failover failover(ForwardPlan plan, RequestView request) {
        GroupBalancer balancer = balancers.get(plan.group().id());
        if (balancer == null || balancer.group() != plan.group()) {
            throw new IllegalArgumentException("plan " + plan.target() + " was not made by this engine");
        }
        return Failover.start(balancer, plan, request, plan.route().retry(), budgets.get(plan.route().id()));
    }

    /**
     * Starts the active health checks of every group that has one; close the result when this
     * engine is replaced.
     *
     * @param prober sends one check (the adapter's HTTP client); must not block
     * @param scheduler runs the checks (the adapter's shared scheduler)
     */
    public ActiveHealthChecks startHealthChecks(HealthProber prober, ProbeScheduler scheduler) {
        List<GroupHealth> groups = new ArrayList<>();
        for (GroupBalancer balancer : balancers.values()) {
            groups.add(balancer.health());
        }
        return ActiveHealthChecks.start(groups, prober, scheduler, null);
    }

    /** The configuration this engine runs. */
    public ProxyConfig config() {
        return config;
    }

    /**
     * Decides what to do with a request.
     *
     * @param request the client-to-proxy request
     * @param mountPrefix the raw path prefix the proxy is mounted at ({@code ""} at the root),
     *     used to map upstream addresses back to public ones
     */
    public Decision decide(RequestView request, String mountPrefix) {
        // 1. Router: which route?
        RouteMatch match = routes.match(request);
        if (match == null) {
            return Decision.Reject.of(ForwardFailure.NO_ROUTE);
        }
        // 2. Access, 3. rate limiting and 4. the cache plug in here (later issues).
        // 5. Load balancer: which group (traffic split), then which of its available upstreams
        //    (health, ejection, panic mode, concurrency limit, session affinity, the group's policy)?
        Route route = match.route();
        String groupId = route.split() == null ? null : route.split().group(request);
        UpstreamGroup group = config.upstreamGroup(groupId != null ? groupId : route.upstreamGroup());
        Choice choice = balancers.get(group.id()).choose(request);
        if (!choice.found()) {
            return new Decision.Reject(choice.failure().problem(),
                    Map.of("Retry-After", Long.toString(choice.retryAfter().toSeconds())));
        }
        Upstream upstream = choice.upstream();
        // 6. Forward: the upstream path and the prefixes that map redirects back.
        return new Decision.Forward(plan(request, mountPrefix, match, group, upstream));
    }

    private static ForwardPlan plan(RequestView request, String mountPrefix, RouteMatch match, UpstreamGroup group,
                                    Upstream upstream) {
        Route route = match.route();
        String path = request.path();
        String upstreamPath = upstream.basePath() + route.rewrite().apply(path, match);
        String publicPrefix = mountPrefix + route.rewrite().publicPrefix(path, match);
        String upstreamPrefix = upstream.basePath() + route.rewrite().upstreamPrefix();
        return new ForwardPlan(route, group, upstream, upstreamPath, request.query(), publicPrefix, upstreamPrefix,
                mountPrefix);
    }
}

package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.balancing.GroupBalancer;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.health.ActiveHealthChecks;
import io.gatehouse.proxy.health.GroupHealth;
import io.gatehouse.proxy.health.HealthProber;
import io.gatehouse.proxy.health.ProbeScheduler;
import io.gatehouse.proxy.health.UpstreamRegistry;
import io.gatehouse.proxy.http.Problem;
import io.gatehouse.proxy.http.RequestView;
import io.gatehouse.proxy.http.WebSocketHandshake;
import io.gatehouse.proxy.observe.ProxyObserver;
import io.gatehouse.proxy.observe.UpstreamHealthChanged;
import io.gatehouse.proxy.ratelimit.Admission;
import io.gatehouse.proxy.ratelimit.RateLimitGate;
import io.gatehouse.proxy.resilience.RetryBudget;
import io.gatehouse.proxy.routing.RouteMatch;
import io.gatehouse.proxy.routing.RouteTable;
import io.gatehouse.proxy.rules.RuleDenials;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The core's entry point for adapters: a request's {@link #exchange} takes every decision of its
 * way, in order (edge, route, access, rate limit, plan in {@link #decide}; then the cache, the
 * load balancer, retries, the response's store and compression in {@link Exchange}).
 *
 * <p>Immutable and thread-safe; build one per {@link ProxyConfig}. Does no I/O. The runtime state of
 * the upstreams (in-flight counts, latency, health) lives in an {@link UpstreamRegistry} that
 * outlives engines: build the engine of a new configuration with {@link #of(ProxyConfig, ProxyEngine)}
 * so that upstreams surviving the swap keep their state.
 */
public final class ProxyEngine {

    /** RFC 9110 §15.6.2: the route does not support the upgrade asked for. */
    private static final Problem WEBSOCKETS_OFF = Problem.of(501, "This route does not accept WebSocket connections.");

    private final ProxyConfig config;
    private final RouteTable<Route> routes;
    // Load balancing, health and resilience (issue 6): runtime state apart from the configuration.
    private final UpstreamRegistry upstreams;
    private final Map<String, GroupBalancer> balancers = new HashMap<>();
    private final Map<String, RetryBudget> budgets = new HashMap<>();
    // Access control, request rules, rate limits, request ids (issue 5).
    private final EdgeGuard edge;

    private ProxyEngine(ProxyConfig config, UpstreamRegistry upstreams) {
        this.config = config;
        this.routes = RouteTable.compile(config.routes());
        this.upstreams = upstreams;
        this.edge = new EdgeGuard(config.edge(), upstreams::nanoTime);
        for (Route route : config.routes()) {
            budgets.put(route.id(), route.retry().newBudget(upstreams::nanoTime));
        }
        upstreams.retain(config.upstreamGroups().values());
        for (UpstreamGroup group : config.upstreamGroups().values()) {
            balancers.put(group.id(), GroupBalancer.of(group, upstreams.bind(group, group.loadBalancer().latencyDecay())));
        }
    }

    /** Compiles a configuration with a fresh upstream registry (every upstream starts healthy, idle). */
    public static ProxyEngine of(ProxyConfig config) {
        ProxyObserver observer = config.observer();
        if (observer == ProxyObserver.NONE) {
            return of(config, UpstreamRegistry.create());
        }
        // Health changes (ejections, failed checks) go to the first configuration's observers; the
        // registry, and so this listener, outlives the engines of later configurations (ADR 0015).
        return of(config, UpstreamRegistry.create(System::nanoTime, change -> observer.healthChanged(
                new UpstreamHealthChanged(change.groupId(), change.upstreamId(), change.from().name(), change.to().name(),
                        change.reason()))));
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
     * Starts the exchange of one request: the object that takes every decision of its way, from
     * {@link Exchange#start()} to {@link Exchange#close()}. Adapters use this; {@link #decide} and
     * {@link #failover} are its first stages, open for tests and tools.
     *
     * @param clientToProxyRequest the client-to-proxy request; must stay readable until the exchange ends
     * @param mountPrefix the raw path prefix the proxy is mounted at ({@code ""} at the root)
     */
    public Exchange exchange(RequestView clientToProxyRequest, String mountPrefix) {
        return new Exchange(this, Objects.requireNonNull(clientToProxyRequest, "clientToProxyRequest"),
                Objects.requireNonNull(mountPrefix, "mountPrefix"));
    }

    /**
     * The attempts of a request this engine decided to forward: called by the {@link Exchange}
     * right after {@link #decide} returned {@link Decision.Forward}, on the same engine (the
     * adapter asks the exchange, never the balancer). See {@link Failover}.
     */
    Failover failover(RoutePlan plan, RequestView request) {
        GroupBalancer balancer = balancers.get(plan.group().id());
        if (balancer == null || balancer.group() != plan.group()) {
            throw new IllegalArgumentException("plan of route '" + plan.route().id() + "' was not made by this engine");
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

    /** Request-rule denials by rule name since this engine was built (counts for metrics). */
    public RuleDenials ruleDenials() {
        return edge.denials();
    }

    /** The configuration this engine runs. */
    public ProxyConfig config() {
        return config;
    }

    /**
     * Decides what to do with a request.
     *
     * <p>A {@link Decision.Forward} may hold a lease (a concurrency slot): the adapter closes it
     * when the exchange ends. A {@link Decision.Reject} never holds one.
     *
     * @param clientToProxyRequest the client-to-proxy request
     * @param mountPrefix the raw path prefix the proxy is mounted at ({@code ""} at the root),
     *     used to map upstream addresses back to public ones
     */
    public Decision decide(RequestView clientToProxyRequest, String mountPrefix) {
        // 0. Edge: who is asking (client address through trusted proxies, request id), and what no
        //    route may see (global allow/deny lists, TRACE and CONNECT, long or unsafe paths, global rules).
        IdentifiedRequest request = edge.identify(clientToProxyRequest);
        Decision.Reject refused = edge.screen(request);
        if (refused != null) {
            return refused;
        }
        // 1. Router: which route?
        RouteMatch<Route> match = routes.match(request);
        if (match == null) {
            return edge.reject(request, ForwardFailure.NO_ROUTE);
        }
        Route route = match.route();
        // 2. Access: the route's allow/deny lists, request rules, access policies, body size.
        refused = edge.access(request, route);
        if (refused != null) {
            return routed(refused, route);
        }
        // 2b. A WebSocket handshake on a route that turns WebSocket off (never forwarded as a plain GET).
        if (!route.webSockets() && WebSocketHandshake.requested(request)) {
            return routed(edge.reject(request, WEBSOCKETS_OFF, Map.of()), route);
        }
        // 3. Rate limiting: the route's token buckets, then a concurrency slot held until the exchange ends.
        Admission admission = RateLimitGate.admit(request, route.id(), route.rateLimiters(), route.concurrencyLimiter());
        if (!admission.admitted()) {
            return routed(edge.reject(request, admission.denial()), route);
        }
        // 3b. Max-Forwards (RFC 9110 §7.6.2): an OPTIONS or TRACE that may go no further is answered here.
        Decision here = edge.finalRecipient(request, mountPrefix);
        if (here != null) {
            admission.lease().close();
            return here;
        }
        // 4. The cache (the adapter, with the plan: no upstream is needed to answer from it), and only then
        // 5. the load balancer, which Failover.first() runs for the first attempt: which of the group's
        //    available upstreams (health, ejection, panic mode, concurrency limit, session affinity, the policy).
        //    Here: the group (the route's, or its traffic split's), and the path and prefixes of the request.
        String groupId = route.split() == null ? null : route.split().group(request);
        UpstreamGroup group = config.upstreamGroup(groupId != null ? groupId : route.upstreamGroup());
        return edge.forward(request, plan(request, mountPrefix, match, group), admission);
    }

    /** A refusal after routing names its route (for the operator's log and the observers' route tag). */
    private static Decision.Reject routed(Decision.Reject reject, Route route) {
        return new Decision.Reject(reject.problem(), reject.headers(), route.id());
    }

    private static RoutePlan plan(RequestView request, String mountPrefix, RouteMatch<Route> match, UpstreamGroup group) {
        Route route = match.route();
        String path = request.path();
        return new RoutePlan(route, group, route.rewrite().apply(path, match), request.query(),
                RoutePlan.join(mountPrefix, route.rewrite().publicPrefix(path, match)), route.rewrite().upstreamPrefix(),
                mountPrefix);
    }
}

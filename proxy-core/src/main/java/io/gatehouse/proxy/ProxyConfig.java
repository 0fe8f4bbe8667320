package io.gatehouse.proxy;

import io.gatehouse.proxy.access.ForwardedHeader;
import io.gatehouse.proxy.rules.RequestRule;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.compress.CompressionPolicy;
import io.gatehouse.proxy.observe.ProxyObserver;
import io.gatehouse.proxy.observe.TraceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The whole configuration of a proxy: upstream groups, routes and proxy-wide options. Immutable;
 * built and validated by {@link #builder()}.
 *
 * <pre>{@code
 * ProxyConfig config = ProxyConfig.builder()
 *     .upstreamGroup("users", g -> g
 *         .upstream("http://127.0.0.1:9001")
 *         .upstream("http://127.0.0.1:9002"))
 *     .route("users-api", r -> r.pathPrefix("/users").to("users"))
 *     .build();
 * }</pre>
 */
public final class ProxyConfig {

    /** Default maximum number of connections the proxy opens to one upstream. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_UPSTREAM = 64;
    /**
     * Default time a pooled upstream connection may stay idle: 60 s, nginx's {@code keepalive_timeout}
     * for upstreams, and the same as a route's {@link Route#DEFAULT_IDLE_TIMEOUT}, so that with the
     * defaults a connection's idle timeout is not changed for each request on it.
     */
    public static final Duration DEFAULT_UPSTREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, UpstreamGroup> groups;
    private final List<Route> routes;
    private final int maxConnectionsPerUpstream;
    private final String via;
    // upstream TLS (issue 5)
    private final UpstreamTls upstreamTls;
    // access control, request rules, limits, request ids (issue 5)
    private final EdgeConfig edge;
    // caching and compression (issue 4)
    private final HttpCache httpCache;
    private final CompressionPolicy compression;
    // pooled upstream connections (issue 6)
    private final Duration upstreamIdleTimeout;
    // observability (issue 13)
    private final ProxyObserver observer;
    private final TraceContext.Mode traceContext;

    private ProxyConfig(Map<String, UpstreamGroup> groups, List<Route> routes, int maxConnectionsPerUpstream, String via,
                        UpstreamTls upstreamTls, EdgeConfig edge, HttpCache httpCache, CompressionPolicy compression,
                        Duration upstreamIdleTimeout, ProxyObserver observer, TraceContext.Mode traceContext) {
        this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        this.routes = List.copyOf(routes);
        this.maxConnectionsPerUpstream = maxConnectionsPerUpstream;
        this.via = via;
        this.upstreamTls = upstreamTls;
        this.edge = edge;
        this.httpCache = httpCache;
        this.compression = compression;
        this.upstreamIdleTimeout = upstreamIdleTimeout;
        this.observer = observer;
        this.traceContext = traceContext;
    }

    /**
     * The observers of this configuration as one ({@link ProxyObserver#of}); {@link ProxyObserver#NONE}
     * when none is registered, and then the proxy builds no events.
     */
    public ProxyObserver observer() {
        return observer;
    }

    /** What the proxy does with W3C trace context headers (default {@link TraceContext.Mode#PASS}). */
    public TraceContext.Mode traceContext() {
        return traceContext;
    }

    /**
     * The shared HTTP cache routes with a storing {@code CachePolicy} use, or null when caching is
     * off. A reference, not a copy (ADR 0020): a configuration given the same instance shares its
     * entries, so {@code ProxyServlet.update} with it keeps them.
     */
    public HttpCache httpCache() {
        return httpCache;
    }

    /** How responses streaming through are compressed, or null when compression is off. */
    public CompressionPolicy compression() {
        return compression;
    }

    /** Starts a new configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /** The upstream groups by id, in declaration order. */
    public Map<String, UpstreamGroup> upstreamGroups() {
        return groups;
    }

    /** The group with this id, or null. */
    public UpstreamGroup upstreamGroup(String id) {
        return groups.get(id);
    }

    /** The routes in declaration order. */
    public List<Route> routes() {
        return routes;
    }

    /** The most connections the proxy keeps open to one upstream. */
    public int maxConnectionsPerUpstream() {
        return maxConnectionsPerUpstream;
    }

    /** The pseudonym the proxy names itself by in {@code Via} (RFC 9110 §7.6.3). */
    public String via() {
        return via;
    }

    /** How the proxy speaks TLS to {@code https} upstreams; {@link UpstreamTls#systemDefault()} unless set. */
    public UpstreamTls upstreamTls() {
        return upstreamTls;
    }

    /**
     * The edge options: trusted proxies, global allow/deny lists and request rules, size limits,
     * request ids, {@code TRACE}.
     */
    public EdgeConfig edge() {
        return edge;
    }

    /**
     * How long a pooled upstream connection may stay idle before the proxy closes it (default
     * {@link #DEFAULT_UPSTREAM_IDLE_TIMEOUT}); keep it below the upstreams' own keep-alive timeout
     * (and that of any load balancer in between) so that the proxy closes first.
     */
    public Duration upstreamIdleTimeout() {
        return upstreamIdleTimeout;
    }

    /** The longest connect timeout of any route (the HTTP client's own connect limit). */
    public Duration longestConnectTimeout() {
        Duration longest = Route.DEFAULT_CONNECT_TIMEOUT;
        for (Route route : routes) {
            if (route.connectTimeout().compareTo(longest) > 0) {
                longest = route.connectTimeout();
            }
        }
        return longest;
    }

    /** Builds a {@link ProxyConfig}. {@link #build()} may be called more than once. */
    public static final class Builder {

        private final Map<String, UpstreamGroup.Builder> groups = new LinkedHashMap<>();
        private final List<Route.Builder> routes = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private int maxConnectionsPerUpstream = DEFAULT_MAX_CONNECTIONS_PER_UPSTREAM;
        private String via = "gatehouse";
        private UpstreamTls upstreamTls = UpstreamTls.systemDefault();
        private final EdgeConfig.Builder edge = new EdgeConfig.Builder();
        private HttpCache httpCache;
        private CompressionPolicy compression;
        private Duration upstreamIdleTimeout = DEFAULT_UPSTREAM_IDLE_TIMEOUT;
        private final List<ProxyObserver> observers = new ArrayList<>();
        private TraceContext.Mode traceContext = TraceContext.Mode.PASS;

        private Builder() {
        }

        // Pooled upstream connections (issue 6).

        /**
         * Closes pooled upstream connections idle for this long (default 60 s, as nginx's upstream
         * {@code keepalive_timeout}; equal to the routes' idle timeout, a request does not change its
         * connection's). Set it below the keep-alive timeout of the upstreams and of any load balancer
         * or NAT in between, e.g. 4 s for Node.js's default of 5 s, 25 s for Jetty's 30 s, 55 s behind
         * a load balancer that drops connections idle for 60 s, so that the proxy never sends on a connection the other side
         * is closing or has forgotten (such a request is retried on a fresh connection when it can
         * be, but a POST that was sent cannot). Read when the servlet starts.
         */
        public Builder upstreamIdleTimeout(Duration timeout) {
            this.upstreamIdleTimeout = Objects.requireNonNull(timeout, "upstreamIdleTimeout");
            return this;
        }

        /** Declares an upstream group and its upstreams. */
        public Builder upstreamGroup(String id, Consumer<UpstreamGroup.Builder> group) {
            Objects.requireNonNull(id, "upstream group id");
            UpstreamGroup.Builder builder = new UpstreamGroup.Builder(id);
            Objects.requireNonNull(group, "group").accept(builder);
            if (groups.containsKey(id)) {
                problems.add("upstream group '" + id + "' is declared twice; give each group a distinct id");
            } else {
                groups.put(id, builder);
            }
            return this;
        }

        /** Declares a route. */
        public Builder route(String id, Consumer<Route.Builder> route) {
            Objects.requireNonNull(id, "route id");
            Route.Builder builder = new Route.Builder(id);
            Objects.requireNonNull(route, "route").accept(builder);
            routes.add(builder);
            return this;
        }

        /** Sets the most connections kept open to one upstream (default 64; at least 1). */
        public Builder maxConnectionsPerUpstream(int max) {
            this.maxConnectionsPerUpstream = max;
            return this;
        }

        /** Sets the pseudonym used in {@code Via} (default {@code gatehouse}); a token, no spaces. */
        public Builder via(String pseudonym) {
            this.via = Objects.requireNonNull(pseudonym, "via");
            return this;
        }

        /**
         * Sets how the proxy speaks TLS to {@code https} upstreams: trust store, client
         * certificate, host name verification (default: {@link UpstreamTls#systemDefault()}).
         */
        public Builder upstreamTls(UpstreamTls tls) {
            this.upstreamTls = Objects.requireNonNull(tls, "upstreamTls");
            return this;
        }

        // Caching and compression (issue 4).

        /**
         * Sets the HTTP cache that routes with a storing {@code CachePolicy} (e.g.
         * {@code CachePolicy.rfc9111()}) use (default: none, nothing is cached). The cache holds
         * runtime state: pass the same instance to the next configuration to keep its entries.
         */
        public Builder httpCache(HttpCache cache) {
            this.httpCache = Objects.requireNonNull(cache, "httpCache");
            return this;
        }

        /**
         * Compresses responses that stream through the proxy when the client accepts it, e.g.
         * {@code CompressionPolicy.gzip()} (default: none). Stored responses are compressed by the
         * cache's own policy ({@code HttpCache.Builder.compression}).
         */
        public Builder compression(CompressionPolicy compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        // Observability (issue 13).

        /**
         * Adds an observer of what the proxy does with each request (metrics, the access log
         * {@code AccessLog.text()}, tracing); several may be added, each is told in the order
         * added. Observers are part of the configuration: pass the same instances to the next
         * one to keep them.
         */
        public Builder observer(ProxyObserver observer) {
            observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * What the proxy does with W3C trace context ({@code traceparent}, {@code tracestate}):
         * {@code PASS} (default: passed on as received), {@code JOIN} (each attempt carries a span
         * id of the proxy's as parent-id; malformed headers replaced), {@code START} (as
         * {@code JOIN}, and a trace is started when the request has none). See {@link TraceContext}.
         */
        public Builder traceContext(TraceContext.Mode mode) {
            this.traceContext = Objects.requireNonNull(mode, "traceContext");
            return this;
        }

        // Access control, request rules, limits, request ids (issue 5).

        /**
         * Proxies in front of Gatehouse (load balancers, CDN egress ranges) whose
         * {@code X-Forwarded-For} (or the header set by {@link #trustedProxyHeader}) is believed:
         * the client is then the right-most address in it that is not a trusted proxy. From any
         * other peer the header is ignored and the peer is the client. CIDR or single addresses.
         */
        public Builder trustedProxies(String... cidrs) {
            edge.trustedProxies(cidrs, problems);
            return this;
        }

        /** Which header the trusted proxies write the client into (default {@code X-Forwarded-For}). */
        public Builder trustedProxyHeader(ForwardedHeader header) {
            edge.trustedProxyHeader(header);
            return this;
        }

        /** Lets only clients in these ranges through, on every route (403 for others, before routing). */
        public Builder allow(String... cidrs) {
            edge.allow(cidrs, problems);
            return this;
        }

        /** Refuses clients in these ranges on every route (403, before routing); wins over {@link #allow}. */
        public Builder deny(String... cidrs) {
            edge.deny(cidrs, problems);
            return this;
        }

        /**
         * Adds request rules checked before routing, after the built-in
         * {@link io.gatehouse.proxy.rules.RequestRules#headerConsistency()}, e.g.
         * {@code RequestRules.commonProbes().withStatus(404)}.
         */
        public Builder rules(RequestRule... rules) {
            edge.rules(rules);
            return this;
        }

        /** Sets the longest request target (path and query) in characters (default 8192, at least 256); 414 beyond. */
        public Builder maxUriLength(int max) {
            edge.maxUriLength(max);
            return this;
        }

        /** Sets the largest request line plus headers in bytes (default 8192, at least 1024); 431 beyond; applied by the adapter. */
        public Builder maxHeaderSize(int max) {
            edge.maxHeaderSize(max);
            return this;
        }

        /**
         * Sets the request id header (default {@code X-Request-Id}; null turns request ids off).
         * An id from a trusted proxy is kept; otherwise each request gets a new one. It goes to
         * the upstream and back to the client.
         */
        public Builder requestIdHeader(String name) {
            edge.requestIdHeader(name);
            return this;
        }

        /** Sets where new request ids come from (default {@link io.gatehouse.proxy.http.RequestIds#generator()}). */
        public Builder requestIds(Supplier<String> generator) {
            edge.requestIds(generator);
            return this;
        }

        /** Whether {@code TRACE} requests are forwarded (default false: 405). */
        public Builder allowTrace(boolean allow) {
            edge.allowTrace(allow);
            return this;
        }

        /**
         * Validates everything and builds the configuration.
         *
         * @throws ProxyConfigException listing every problem found
         */
        public ProxyConfig build() {
            List<String> found = new ArrayList<>(problems);
            Map<String, UpstreamGroup> builtGroups = new LinkedHashMap<>();
            groups.forEach((id, builder) -> builtGroups.put(id, builder.build(found)));
            List<Route> builtRoutes = new ArrayList<>();
            Set<String> routeIds = new HashSet<>();
            for (Route.Builder builder : routes) {
                if (!routeIds.add(builder.id())) {
                    found.add("route '" + builder.id() + "' is declared twice; give each route a distinct id");
                    continue;
                }
                Route route = builder.build(found);
                if (route == null) {
                    continue;
                }
                if (route.upstreamGroup() != null && !groups.containsKey(route.upstreamGroup())) {
                    found.add("route '" + route.id() + "' sends to upstream group '" + route.upstreamGroup()
                            + "', which is not declared; declare it with .upstreamGroup(\"" + route.upstreamGroup()
                            + "\", ...) or fix the id (known: " + groups.keySet() + ")");
                }
                for (String group : route.upstreamGroups()) {
                    if (group != null && !group.equals(route.upstreamGroup()) && !groups.containsKey(group)) {
                        found.add("route '" + route.id() + "' splits traffic to upstream group '" + group
                                + "', which is not declared; declare it with .upstreamGroup(\"" + group
                                + "\", ...) or fix the id (known: " + groups.keySet() + ")");
                    }
                }
                builtRoutes.add(route);
            }
            RouteOverlap.check(builtRoutes, found);
            if (maxConnectionsPerUpstream < 1) {
                found.add("maxConnectionsPerUpstream " + maxConnectionsPerUpstream + " is invalid (expected: 1 or more)");
            }
            if (via.isEmpty() || via.chars().anyMatch(c -> c <= ' ' || c == ',' || c >= 127)) {
                found.add("via '" + via + "' is invalid (expected: a token such as 'gatehouse', no spaces or commas)");
            }
            if (upstreamIdleTimeout.isNegative() || upstreamIdleTimeout.isZero()) {
                found.add("upstreamIdleTimeout " + upstreamIdleTimeout + " is invalid (expected: a positive duration"
                        + " below the upstreams' keep-alive timeout, e.g. 30 s)");
            }
            EdgeConfig builtEdge = edge.build(found);
            if (!found.isEmpty()) {
                throw new ProxyConfigException(found);
            }
            return new ProxyConfig(builtGroups, builtRoutes, maxConnectionsPerUpstream, via, upstreamTls, builtEdge, httpCache,
                    compression, upstreamIdleTimeout, ProxyObserver.of(observers), traceContext);
        }
    }
}

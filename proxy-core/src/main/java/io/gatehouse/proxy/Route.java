package io.gatehouse.proxy;

import io.gatehouse.proxy.access.AccessPolicy;
import io.gatehouse.proxy.access.Cidr;
import io.gatehouse.proxy.access.CidrSet;
import io.gatehouse.proxy.access.IpAccessList;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.http.HeaderValues;
import io.gatehouse.proxy.ratelimit.ConcurrencyLimiter;
import io.gatehouse.proxy.ratelimit.RateLimiter;
import io.gatehouse.proxy.resilience.RetryPolicy;
import io.gatehouse.proxy.routing.HeaderCondition;
import io.gatehouse.proxy.routing.HostPattern;
import io.gatehouse.proxy.routing.PathPattern;
import io.gatehouse.proxy.routing.PathRewrite;
import io.gatehouse.proxy.routing.QueryCondition;
import io.gatehouse.proxy.routing.Routable;
import io.gatehouse.proxy.rules.RequestRule;
import io.gatehouse.proxy.split.TrafficSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which requests go to which upstream group, and how: the matchers (path, host, method,
 * headers, query), the path rewrite, header options and timeouts. Immutable.
 *
 * <p>When several routes match a request, the order is: explicit {@link #order()} (lower
 * first), then the more specific host, path and conditions, then declaration order. See
 * {@code docs/architecture.md} ("Routing order"). Routing sees a route through {@link Routable}.
 */
public final class Route implements Routable {

    /** Default time to open a connection to an upstream. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default time from the request being sent to the upstream's response headers. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    /** Default longest silence on the upstream connection while a request is under way. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final String id;
    private final int order;
    private final PathPattern path;
    private final List<HostPattern> hosts;
    private final Set<String> methods;
    private final List<HeaderCondition> headers;
    private final List<QueryCondition> queryParams;
    private final String upstreamGroup;
    private final PathRewrite rewrite;
    private final boolean preserveHost;
    private final boolean passServerHeaders;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration idleTimeout;
    private final CachePolicy cache;
    // Resilience and traffic splitting (issue 6).
    private final RetryPolicy retry;
    private final TrafficSplit split;
    // Access control, request rules and rate limits (issue 5).
    private final IpAccessList ipAccess;
    private final List<AccessPolicy> accessPolicies;
    private final List<RequestRule> rules;
    private final List<RateLimiter> rateLimiters;
    private final ConcurrencyLimiter concurrencyLimiter;
    private final long maxBodySize;
    private final boolean forwardCredentials;
    private final boolean webSockets;

    private Route(Builder b, PathPattern path, List<HostPattern> hosts, List<HeaderCondition> headers, PathRewrite rewrite) {
        this.id = b.id;
        this.order = b.order;
        this.path = path;
        this.hosts = List.copyOf(hosts);
        this.methods = Set.copyOf(b.methods);
        this.headers = List.copyOf(headers);
        this.queryParams = List.copyOf(b.queryParams);
        this.upstreamGroup = b.upstreamGroup != null ? b.upstreamGroup : b.split.groups().iterator().next();
        this.rewrite = rewrite;
        this.preserveHost = b.preserveHost;
        this.passServerHeaders = b.passServerHeaders;
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.idleTimeout = b.idleTimeout;
        this.cache = b.cache;
        this.retry = b.retry;
        this.split = b.split;
        this.ipAccess = IpAccessList.of(CidrSet.of(b.allow), CidrSet.of(b.deny));
        this.accessPolicies = List.copyOf(b.accessPolicies);
        this.rules = List.copyOf(b.rules);
        this.rateLimiters = List.copyOf(b.rateLimiters);
        this.concurrencyLimiter = b.concurrencyLimiter;
        this.maxBodySize = b.maxBodySize;
        this.forwardCredentials = b.forwardCredentials;
        this.webSockets = b.webSockets;
    }

    /** The route's id, unique in the configuration. */
    @Override
    public String id() {
        return id;
    }

    /** Explicit precedence: lower is tried first (default 0). */
    @Override
    public int order() {
        return order;
    }

    /** The path matcher (default: prefix {@code /}, every path). */
    @Override
    public PathPattern path() {
        return path;
    }

    /** Hosts the route answers for; empty means any host. */
    @Override
    public List<HostPattern> hosts() {
        return hosts;
    }

    /** Methods the route answers for (upper case); empty means any method. */
    @Override
    public Set<String> methods() {
        return methods;
    }

    /** Header conditions, all of which must hold. */
    @Override
    public List<HeaderCondition> headers() {
        return headers;
    }

    /** Query parameter conditions, all of which must hold. */
    @Override
    public List<QueryCondition> queryParams() {
        return queryParams;
    }

    /** The id of the upstream group that serves the route. */
    public String upstreamGroup() {
        return upstreamGroup;
    }

    /** How the request path becomes the upstream path. */
    public PathRewrite rewrite() {
        return rewrite;
    }

    /** Whether the upstream sees the client's {@code Host} (true) or its own authority (false, default). */
    public boolean preserveHost() {
        return preserveHost;
    }

    /** Whether the upstream's {@code Server} and {@code X-Powered-By} reach the client (default false). */
    public boolean passServerHeaders() {
        return passServerHeaders;
    }

    /** How long opening a connection to an upstream (or waiting for a pooled one) may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long the upstream may take from the request being sent to its response headers. */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** The longest silence on the upstream connection while the exchange is under way. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** What responses of this route may be cached. */
    public CachePolicy cache() {
        return cache;
    }

    // Resilience and traffic splitting (issue 6).

    /** How failed attempts are retried, and how much of a request body is kept for replay (default {@link RetryPolicy#defaults()}). */
    public RetryPolicy retry() {
        return retry;
    }

    /**
     * How requests are split over several upstream groups, or null when the route sends
     * everything to {@link #upstreamGroup()}.
     */
    public TrafficSplit split() {
        return split;
    }

    /** Every group the route may send to: its own group and those of its split. */
    public Set<String> upstreamGroups() {
        Set<String> all = new LinkedHashSet<>();
        all.add(upstreamGroup);
        if (split != null) {
            all.addAll(split.groups());
        }
        return all;
    }

    // Access control, request rules and rate limits (issue 5).

    /** The route's client address allow and deny lists, checked after the global ones (403). */
    public IpAccessList ipAccess() {
        return ipAccess;
    }

    /** The access policies a request must pass, in order (authentication; 401 and friends). */
    public List<AccessPolicy> accessPolicies() {
        return accessPolicies;
    }

    /** The route's request rules, checked after the global ones. */
    public List<RequestRule> rules() {
        return rules;
    }

    /** The rate limiters a request takes a permit from, in order (429 when one refuses). */
    public List<RateLimiter> rateLimiters() {
        return rateLimiters;
    }

    /** The limit of requests in flight per client, or null for none. */
    public ConcurrencyLimiter concurrencyLimiter() {
        return concurrencyLimiter;
    }

    /**
     * The largest request body accepted, in bytes ({@link Long#MAX_VALUE}, the default, for no
     * limit): a declared {@code Content-Length} above it is refused with 413 before forwarding;
     * the adapter enforces it on streamed (chunked) bodies.
     */
    public long maxBodySize() {
        return maxBodySize;
    }

    /**
     * Whether the credentials the route's access policies read (e.g. {@code Authorization}, an
     * API key header) are forwarded to the upstream (default false: they are meant for the proxy).
     */
    public boolean forwardCredentials() {
        return forwardCredentials;
    }

    /** Whether WebSocket handshakes on this route are bridged to the upstream (else refused with 501). */
    public boolean webSockets() {
        return webSockets;
    }

    @Override
    public String toString() {
        return "Route[" + id + ": " + path + (hosts.isEmpty() ? "" : " hosts " + hosts)
                + (methods.isEmpty() ? "" : " methods " + methods) + " -> " + upstreamGroup + "]";
    }

    /** Builds a {@link Route}; used inside {@link ProxyConfig.Builder#route}. Every setter returns this builder. */
    public static final class Builder {

        private final String id;
        private int order;
        private String pathKind;
        private String pathValue;
        private final List<String> pathProblems = new ArrayList<>();
        private final List<String> hosts = new ArrayList<>();
        private final Set<String> methods = new LinkedHashSet<>();
        private final List<String[]> headerSpecs = new ArrayList<>();
        private final List<QueryCondition> queryParams = new ArrayList<>();
        private String upstreamGroup;
        private boolean stripPrefix;
        private String addPrefix;
        private String rewriteTemplate;
        private boolean preserveHost;
        private boolean passServerHeaders;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private CachePolicy cache = CachePolicy.never();
        private RetryPolicy retry = RetryPolicy.defaults();
        private TrafficSplit split;
        // Access control, request rules and rate limits (issue 5).
        private final List<String> edgeProblems = new ArrayList<>();
        private final List<Cidr> allow = new ArrayList<>();
        private final List<Cidr> deny = new ArrayList<>();
        private final List<AccessPolicy> accessPolicies = new ArrayList<>();
        private final List<RequestRule> rules = new ArrayList<>();
        private final List<RateLimiter> rateLimiters = new ArrayList<>();
        private ConcurrencyLimiter concurrencyLimiter;
        private long maxBodySize = Long.MAX_VALUE;
        private boolean forwardCredentials;
        private boolean webSockets = true;

        Builder(String id) {
            this.id = id;
        }

        /** Sets the explicit precedence; lower is tried first (default 0). */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        /** Matches a path prefix segment by segment: {@code /users} matches {@code /users/7}, not {@code /usersX}. */
        public Builder pathPrefix(String prefix) {
            return path("pathPrefix", prefix);
        }

        /** Matches one exact path. */
        public Builder path(String exactPath) {
            return path("path", exactPath);
        }

        /** Matches a template such as {@code /users/{id}/orders}; {@code {*rest}} as last segment matches the rest. */
        public Builder pathTemplate(String template) {
            return path("pathTemplate", template);
        }

        private Builder path(String kind, String value) {
            Objects.requireNonNull(value, kind);
            if (pathKind != null) {
                pathProblems.add("route '" + id + "': " + kind + " '" + value + "' given after " + pathKind + " '"
                        + pathValue + "'; a route has one path matcher, split it into two routes");
            }
            pathKind = kind;
            pathValue = value;
            return this;
        }

        /** Adds hosts the route answers for: {@code api.example.com} or {@code *.example.com}. */
        public Builder host(String... hosts) {
            for (String host : hosts) {
                this.hosts.add(Objects.requireNonNull(host, "host"));
            }
            return this;
        }

        /** Adds methods the route answers for (case-insensitive here, stored upper case). */
        public Builder methods(String... methods) {
            for (String method : methods) {
                this.methods.add(Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT));
            }
            return this;
        }

        /** Requires a header to be present. */
        public Builder header(String name) {
            headerSpecs.add(new String[] {Objects.requireNonNull(name, "header name"), null, null});
            return this;
        }

        /** Requires a header to have exactly this value (case-sensitive). */
        public Builder header(String name, String value) {
            headerSpecs.add(new String[] {Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "value"), null});
            return this;
        }

        /** Requires a header value to match a regular expression as a whole. */
        public Builder headerMatches(String name, String regex) {
            headerSpecs.add(new String[] {Objects.requireNonNull(name, "header name"), null, Objects.requireNonNull(regex, "regex")});
            return this;
        }

        /** Requires a query parameter to be present. */
        public Builder queryParam(String name) {
            queryParams.add(QueryCondition.present(name));
            return this;
        }

        /** Requires a query parameter to have exactly this (decoded) value. */
        public Builder queryParam(String name, String value) {
            queryParams.add(QueryCondition.equalTo(name, value));
            return this;
        }

        /** Sends the route's requests to this upstream group (required). */
        public Builder to(String upstreamGroupId) {
            this.upstreamGroup = Objects.requireNonNull(upstreamGroupId, "upstream group id");
            return this;
        }

        /** Removes the matched prefix from the path before forwarding (prefix routes only). */
        public Builder stripPrefix() {
            this.stripPrefix = true;
            return this;
        }

        /** Puts a prefix such as {@code /v1} in front of the forwarded path. */
        public Builder addPrefix(String prefix) {
            this.addPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** Rebuilds the forwarded path from a template using the path template's variables, e.g. {@code /v2/{id}}. */
        public Builder rewritePath(String template) {
            this.rewriteTemplate = Objects.requireNonNull(template, "template");
            return this;
        }

        /** Whether the upstream sees the client's {@code Host} header (default false: its own authority). */
        public Builder preserveHost(boolean preserveHost) {
            this.preserveHost = preserveHost;
            return this;
        }

        /** Whether the upstream's {@code Server} and {@code X-Powered-By} headers reach the client (default false). */
        public Builder passServerHeaders(boolean pass) {
            this.passServerHeaders = pass;
            return this;
        }

        /** Sets the connect timeout (default 5 s); must be positive. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
            return this;
        }

        /** Sets the time allowed from request sent to response headers (default 60 s); must be positive. */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = Objects.requireNonNull(timeout, "responseTimeout");
            return this;
        }

        /** Sets the longest silence on the upstream connection (default 60 s); must be positive. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Objects.requireNonNull(timeout, "idleTimeout");
            return this;
        }

        /** Sets the cache policy (default {@link CachePolicy#never()}). */
        public Builder cache(CachePolicy cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        // Resilience and traffic splitting (issue 6).

        /**
         * Sets how failed attempts are retried (default {@link RetryPolicy#defaults()}: 3 attempts,
         * connect failures for every method, 502/503/504 and timeouts for idempotent ones);
         * {@link RetryPolicy#none()} turns retries off.
         */
        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * Splits the route's requests over several upstream groups: weighted shares
         * ({@code TrafficSplit.weighted().to("stable", 95).to("canary", 5)}, no {@code .to(group)}
         * needed), or by header, cookie or client network, where unmatched requests go to the
         * route's {@code .to(group)}.
         */
        public Builder split(TrafficSplit split) {
            this.split = Objects.requireNonNull(split, "split");
            return this;
        }

        // Access control, request rules and rate limits (issue 5).

        /**
         * Lets only clients in these ranges use the route (CIDR such as {@code 10.0.0.0/8},
         * {@code 2001:db8::/32}, or single addresses); others get 403. Checked after the global lists.
         */
        public Builder allow(String... cidrs) {
            return cidrs("allow", cidrs, allow);
        }

        /** Refuses clients in these ranges with 403; wins over {@link #allow}. */
        public Builder deny(String... cidrs) {
            return cidrs("deny", cidrs, deny);
        }

        private Builder cidrs(String option, String[] cidrs, List<Cidr> into) {
            for (String cidr : cidrs) {
                try {
                    into.add(Cidr.parse(cidr));
                } catch (IllegalArgumentException e) {
                    edgeProblems.add("route '" + id + "': " + option + ": " + e.getMessage().substring("cidr: ".length()));
                }
            }
            return this;
        }

        /**
         * Adds access policies a request must pass, in order, e.g.
         * {@code AccessPolicies.apiKey("X-API-Key", keys)}; the credentials they read are not
         * forwarded unless {@link #forwardCredentials(boolean)}.
         */
        public Builder access(AccessPolicy... policies) {
            for (AccessPolicy policy : policies) {
                accessPolicies.add(Objects.requireNonNull(policy, "policy"));
            }
            return this;
        }

        /** Adds request rules for this route, checked after the global ones, e.g. {@code RequestRules.denyMethods("DELETE")}. */
        public Builder rules(RequestRule... rules) {
            for (RequestRule rule : rules) {
                this.rules.add(Objects.requireNonNull(rule, "rule"));
            }
            return this;
        }

        /**
         * Adds rate limiters a request takes a permit from, in order, e.g.
         * {@code RateLimiters.tokenBucket(Quota.perSecond(10)).build()}; names must differ. The
         * same instance on several routes (or in the next configuration) shares its buckets.
         */
        public Builder rateLimit(RateLimiter... limiters) {
            for (RateLimiter limiter : limiters) {
                rateLimiters.add(Objects.requireNonNull(limiter, "limiter"));
            }
            return this;
        }

        /** Caps the requests in flight per client, e.g. {@code RateLimiters.concurrency(8).build()}. */
        public Builder concurrencyLimit(ConcurrencyLimiter limiter) {
            this.concurrencyLimiter = Objects.requireNonNull(limiter, "limiter");
            return this;
        }

        /** Sets the largest request body in bytes (default: no limit); 413 beyond. */
        public Builder maxBodySize(long bytes) {
            this.maxBodySize = bytes;
            return this;
        }

        /** Whether the credentials the access policies read are forwarded to the upstream (default false). */
        public Builder forwardCredentials(boolean forward) {
            this.forwardCredentials = forward;
            return this;
        }

        /**
         * Whether a WebSocket handshake (RFC 6455) on this route is bridged to the upstream
         * (default true) or refused with a 501 problem; the route's idle timeout applies to a
         * bridged connection.
         */
        public Builder webSockets(boolean bridge) {
            this.webSockets = bridge;
            return this;
        }

        /** Validates into {@code problems}; returns null when the route is unusable. */
        Route build(List<String> problems) {
            int before = problems.size();
            String where = "route '" + id + "'";
            problems.addAll(pathProblems);
            PathPattern path = parsePath(where, problems);
            List<HostPattern> hostPatterns = new ArrayList<>();
            for (String host : hosts) {
                try {
                    hostPatterns.add(HostPattern.of(host));
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": " + e.getMessage());
                }
            }
            for (String method : methods) {
                if (!HeaderValues.isToken(method)) {
                    problems.add(where + ": method '" + method + "' is not a valid HTTP method token");
                }
            }
            List<HeaderCondition> headerConditions = new ArrayList<>();
            for (String[] spec : headerSpecs) {
                try {
                    headerConditions.add(spec[2] != null ? HeaderCondition.matching(spec[0], spec[2])
                            : spec[1] != null ? HeaderCondition.equalTo(spec[0], spec[1]) : HeaderCondition.present(spec[0]));
                } catch (java.util.regex.PatternSyntaxException e) {
                    problems.add(where + ": header '" + spec[0] + "' regex '" + spec[2] + "' is invalid: "
                            + e.getDescription() + "; fix the expression");
                }
            }
            boolean weighted = split != null && split.weightedSplit();
            if (upstreamGroup == null && !(weighted && !split.groups().isEmpty())) {
                problems.add(where + " has no upstream group; add .to(\"group-id\")");
            }
            if (split != null && split.groups().isEmpty()) {
                problems.add(where + ": split " + split + " sends nowhere; add "
                        + (weighted ? ".to(\"group\", weight)" : ".when(value, \"group\")") + " to it");
            }
            PathRewrite rewrite = parseRewrite(where, path, problems);
            checkPositive(where, "connectTimeout", connectTimeout, problems);
            checkPositive(where, "responseTimeout", responseTimeout, problems);
            checkPositive(where, "idleTimeout", idleTimeout, problems);
            // Access control, request rules and rate limits (issue 5).
            problems.addAll(edgeProblems);
            if (maxBodySize < 0) {
                problems.add(where + ": maxBodySize " + maxBodySize + " is invalid (expected: 0 or more bytes)");
            }
            Set<String> limiterNames = new LinkedHashSet<>();
            for (RateLimiter limiter : rateLimiters) {
                if (!limiterNames.add(limiter.name())) {
                    problems.add(where + ": two rate limiters are named '" + limiter.name()
                            + "'; give each a distinct .name(...) so clients can tell their RateLimit headers apart");
                }
            }
            if (problems.size() > before) {
                return null;
            }
            return new Route(this, path, hostPatterns, headerConditions, rewrite);
        }

        private PathPattern parsePath(String where, List<String> problems) {
            if (pathKind == null) {
                return PathPattern.prefix("/");
            }
            try {
                return switch (pathKind) {
                    case "path" -> PathPattern.exact(pathValue);
                    case "pathTemplate" -> PathPattern.template(pathValue);
                    default -> PathPattern.prefix(pathValue);
                };
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                return null;
            }
        }

        private PathRewrite parseRewrite(String where, PathPattern path, List<String> problems) {
            try {
                if (rewriteTemplate != null) {
                    if (stripPrefix || addPrefix != null) {
                        problems.add(where + ": rewritePath cannot be combined with stripPrefix or addPrefix;"
                                + " put the prefix into the template");
                        return null;
                    }
                    PathRewrite rewrite = PathRewrite.template(rewriteTemplate);
                    List<String> known = path == null ? null : path.variables();
                    for (String variable : rewrite.templateVariables()) {
                        if (known != null && !known.contains(variable)) {
                            problems.add(where + ": rewritePath '" + rewriteTemplate + "' uses {" + variable
                                    + "}, which the path does not capture; use pathTemplate with {" + variable + "}");
                        }
                    }
                    return rewrite;
                }
                if (stripPrefix && path != null && path.kind() != PathPattern.Kind.PREFIX) {
                    problems.add(where + ": stripPrefix needs a pathPrefix route, not " + path
                            + "; use rewritePath for templates");
                    return null;
                }
                return PathRewrite.prefix(stripPrefix, addPrefix);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
                return null;
            }
        }

        private static void checkPositive(String where, String name, Duration value, List<String> problems) {
            if (value.isNegative() || value.isZero()) {
                problems.add(where + ": " + name + " " + value + " is invalid (expected: a positive duration)");
            }
        }


        String id() {
            return id;
        }
    }
}

package io.gatehouse.proxy.config;

import io.gatehouse.proxy.access.AccessPolicies;
import io.gatehouse.proxy.access.AccessPolicy;
import io.gatehouse.proxy.balancing.HashKey;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.ratelimit.ConcurrencyLimiter;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimitKey;
import io.gatehouse.proxy.ratelimit.RateLimiter;
import io.gatehouse.proxy.ratelimit.RateLimiters;
import io.gatehouse.proxy.resilience.Backoff;
import io.gatehouse.proxy.resilience.RetryBudget;
import io.gatehouse.proxy.resilience.RetryPolicy;
import io.gatehouse.proxy.rules.RequestRule;
import io.gatehouse.proxy.rules.RequestRules;
import io.gatehouse.proxy.split.TrafficSplit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** The policies a route or group refers to: cache, retry, split, hash keys, access, rules, limits. */
final class PolicySection {

    private static final Pattern RATE = Pattern.compile("(\\d+)\\s*/\\s*(\\S+)");
    private static final Set<String> RULE_NAMES = Set.of("commonProbes", "denyMissingUserAgent", "requireHost",
            "headerConsistency", "denyUserAgents", "denyPaths", "denyPathSegments", "denyPathsMatching", "denyMethods");

    private PolicySection() {
    }

    /** {@code header:NAME}, {@code cookie:NAME}, {@code client-ip} or {@code path}; null with a problem otherwise. */
    static HashKey hashKey(Fields at, String key, String text) {
        try {
            if (text.startsWith("header:")) {
                return HashKey.header(text.substring(7).trim());
            }
            if (text.startsWith("cookie:")) {
                return HashKey.cookie(text.substring(7).trim());
            }
            if (text.equals("client-ip")) {
                return HashKey.clientIp();
            }
            if (text.equals("path")) {
                return HashKey.path();
            }
        } catch (IllegalArgumentException e) {
            at.problem(key, e.getMessage());
            return null;
        }
        at.problem(key, "'" + text + "' (expected: header:NAME, cookie:NAME, client-ip or path)");
        return null;
    }

    /** {@code rfc9111}, {@code never}, or a mapping of the {@code CachePolicy} options. */
    static CachePolicy cache(Fields route, String key) {
        Node node = route.raw(key);
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode scalar) {
            return switch (scalar.getValue()) {
                case "rfc9111" -> CachePolicy.rfc9111();
                case "never" -> CachePolicy.never();
                default -> {
                    route.problem(key, "'" + scalar.getValue() + "' (expected: rfc9111, never, or a mapping of options)");
                    yield null;
                }
            };
        }
        Fields c = route.map(key);
        CachePolicy.Builder b = CachePolicy.builder();
        Node heuristic = c.raw("heuristicFreshness");
        if (heuristic instanceof ScalarNode) {
            if (Boolean.FALSE.equals(c.bool("heuristicFreshness"))) {
                b.noHeuristicFreshness();
            }
        } else if (heuristic != null) {
            Fields h = c.map("heuristicFreshness");
            Double fraction = h.decimal("fraction");
            Duration max = h.duration("max");
            h.finish();
            h.attempt("fraction", () -> b.heuristicFreshness(fraction == null ? CachePolicy.DEFAULT_HEURISTIC_FRACTION : fraction,
                    max == null ? CachePolicy.DEFAULT_HEURISTIC_MAX : max));
        }
        Fields.ifPresent(c.bool("storeResponsesWithSetCookie"), b::storeResponsesWithSetCookie);
        strings(c, "ignoreQueryParameters", b::ignoreQueryParameters);
        strings(c, "keyRequestHeaders", b::keyRequestHeaders);
        strings(c, "unkeyedRequestHeaders", b::unkeyedRequestHeaders);
        strings(c, "targetedFields", b::targetedFields);
        c.finish();
        try {
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            route.problem(key, e.getMessage());
            return null;
        }
    }

    private static void strings(Fields at, String key, java.util.function.Consumer<String[]> setter) {
        List<String> values = at.strings(key);
        if (at.has(key) && at.raw(key) != null) {
            at.attempt(key, () -> setter.accept(values.toArray(String[]::new)));
        }
    }

    /** {@code none}, {@code defaults}, or a mapping of the {@code RetryPolicy} options. */
    static RetryPolicy retry(Fields route, String key) {
        Node node = route.raw(key);
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode scalar) {
            return switch (scalar.getValue()) {
                case "none" -> RetryPolicy.none();
                case "defaults" -> RetryPolicy.defaults();
                default -> {
                    route.problem(key, "'" + scalar.getValue() + "' (expected: none, defaults, or a mapping such as {maxAttempts: 2})");
                    yield null;
                }
            };
        }
        Fields r = route.map(key);
        RetryPolicy.Builder b = RetryPolicy.builder();
        Fields.ifPresent(r.integer("maxAttempts"), v -> r.attempt("maxAttempts", () -> b.maxAttempts(v)));
        Fields.ifPresent(r.bool("retryNonIdempotent"), v -> r.attempt("retryNonIdempotent", () -> b.retryNonIdempotent(v)));
        Fields.ifPresent(r.bool("retryStatusOnSameUpstream"), v -> b.retryStatusOnSameUpstream(v));
        List<String> statuses = r.strings("retryOnStatus");
        if (r.raw("retryOnStatus") != null) {
            r.attempt("retryOnStatus", () -> b.retryOnStatus(statuses.stream().mapToInt(Integer::parseInt).toArray()));
        }
        Node backoff = r.raw("backoff");
        if (backoff instanceof ScalarNode scalar) {
            if ("none".equals(scalar.getValue())) {
                b.backoff(Backoff.none());
            } else {
                r.problem("backoff", "'" + scalar.getValue() + "' (expected: none, or {initial: 25ms, max: 250ms, jitter: 0.2})");
            }
        } else if (backoff != null) {
            Fields o = r.map("backoff");
            Duration initial = o.duration("initial");
            Duration max = o.duration("max");
            Double jitter = o.decimal("jitter");
            o.finish();
            if (initial == null || max == null) {
                o.problem(initial == null ? "initial" : "max", "missing; give both, e.g. {initial: 25ms, max: 250ms}");
            } else {
                o.attempt("initial", () -> {
                    Backoff exponential = Backoff.exponential(initial, max);
                    b.backoff(jitter == null ? exponential : exponential.withJitter(jitter));
                });
            }
        }
        Fields.ifPresent(r.duration("retryAfterCap"), v -> r.attempt("retryAfterCap", () -> b.retryAfterCap(v)));
        Fields.ifPresent(r.size("replayLimit"), v -> r.attempt("replayLimit", () -> b.replayLimit(v)));
        Fields budget = r.map("budget");
        if (budget != null) {
            Double ratio = budget.decimal("ratio");
            Integer min = budget.integer("minRetriesPerSecond");
            Duration window = budget.duration("window");
            budget.finish();
            budget.attempt("ratio", () -> b.budget(ratio == null ? RetryBudget.DEFAULT_RATIO : ratio,
                    min == null ? RetryBudget.DEFAULT_MIN_RETRIES_PER_SECOND : min,
                    window == null ? RetryBudget.DEFAULT_WINDOW : window));
        }
        r.finish();
        try {
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            route.problem(key, e.getMessage());
            return null;
        }
    }

    /**
     * {@code {weights: {stable: 95, canary: 5}, stickyBy: cookie:uid}}, or
     * {@code {header: X-Variant, when: {beta: beta}}}, {@code {cookie: NAME, when: ...}},
     * {@code {network: {10.0.0.0/8: internal}}}.
     */
    static TrafficSplit split(Fields route, String key) {
        Fields s = route.map(key);
        if (s == null) {
            return null;
        }
        Node weights = s.raw("weights");
        String header = s.string("header");
        String cookie = s.string("cookie");
        Node network = s.raw("network");
        Node when = s.raw("when");
        String sticky = s.string("stickyBy");
        int kinds = (weights != null ? 1 : 0) + (header != null ? 1 : 0) + (cookie != null ? 1 : 0) + (network != null ? 1 : 0);
        if (kinds != 1) {
            s.problem("weights", "give exactly one of weights, header, cookie or network (found " + kinds + ")");
            s.finish();
            return null;
        }
        TrafficSplit[] split = new TrafficSplit[1];
        if (weights != null) {
            split[0] = TrafficSplit.weighted();
            forEach(s, "weights", (group, value) -> split[0] = split[0].to(group, Integer.parseInt(value)));
            if (sticky != null) {
                HashKey stickyKey = hashKey(s, "stickyBy", sticky);
                if (stickyKey != null) {
                    split[0] = split[0].stickyBy(stickyKey);
                }
            }
            if (when != null) {
                s.problem("when", "a weighted split has no rules; use header, cookie or network with when");
            }
        } else {
            if (sticky != null) {
                s.problem("stickyBy", "stickyBy is for weighted splits");
            }
            if (network != null) {
                split[0] = TrafficSplit.byNetwork();
                forEach(s, "network", (cidr, group) -> split[0] = split[0].when(cidr, group));
            } else {
                split[0] = header != null ? TrafficSplit.byHeader(header) : TrafficSplit.byCookie(cookie);
                if (when == null) {
                    s.problem("when", "missing; map values to groups, e.g. 'when: {beta: beta-group}'");
                }
                forEach(s, "when", (value, group) -> split[0] = split[0].when(value, group));
            }
        }
        s.finish();
        return split[0];
    }

    private static void forEach(Fields at, String key, java.util.function.BiConsumer<String, String> action) {
        Node node = at.raw(key);
        if (node == null) {
            return;
        }
        if (!(node instanceof MappingNode mapping)) {
            at.problem(key, "expected a mapping such as {stable: 95, canary: 5}, found a " + Fields.kind(node));
            return;
        }
        Fields inner = new Fields(node, at.path(key), at.problems());
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && tuple.getValueNode() instanceof ScalarNode v) {
                try {
                    action.accept(k.getValue(), v.getValue());
                } catch (IllegalArgumentException | IllegalStateException e) {
                    at.problems().add(tuple.getValueNode(), inner.path(k.getValue()), e.getMessage());
                }
            } else {
                at.problems().add(tuple.getValueNode(), at.path(key), "expected 'key: value' pairs");
            }
        }
    }

    /** {@code {apiKey: {header: X-API-Key, keys: [...]}, basic: {realm: NAME, users: {user: password}}}}. */
    static List<AccessPolicy> access(Fields route, String key) {
        List<AccessPolicy> policies = new ArrayList<>();
        Fields a = route.map(key);
        if (a == null) {
            return policies;
        }
        Fields apiKey = a.map("apiKey");
        if (apiKey != null) {
            String header = apiKey.string("header");
            List<String> keys = apiKey.strings("keys");
            apiKey.finish();
            apiKey.attempt("keys", () -> policies.add(AccessPolicies.apiKey(header == null ? "X-API-Key" : header, keys)));
        }
        Fields basic = a.map("basic");
        if (basic != null) {
            String realm = basic.string("realm");
            Map<String, byte[]> users = new LinkedHashMap<>();
            forEach(basic, "users", (user, password) -> users.put(user, sha256(password)));
            basic.finish();
            if (users.isEmpty()) {
                basic.problem("users", "missing; list who may pass, e.g. 'users: {ops: change-me}'");
            } else {
                basic.attempt("realm", () -> policies.add(AccessPolicies.basic(realm == null ? "gatehouse" : realm,
                        (user, password) -> {
                            byte[] expected = users.get(user);
                            byte[] given = sha256(password);
                            // compare even for an unknown user, so timing does not tell users apart
                            return MessageDigest.isEqual(expected == null ? new byte[given.length] : expected, given)
                                    && expected != null;
                        })));
            }
        }
        a.finish();
        return policies;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * A list of rules: {@code commonProbes}, {@code denyMissingUserAgent}, {@code requireHost},
     * {@code headerConsistency}, or one of {@code {denyUserAgents | denyPaths | denyPathSegments |
     * denyPathsMatching | denyMethods: [...], status: 404}}.
     */
    static List<RequestRule> rules(Fields at, String key) {
        List<RequestRule> rules = new ArrayList<>();
        List<Node> items = at.list(key);
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String path = at.path(key) + "[" + i + "]";
            if (item instanceof ScalarNode scalar) {
                RequestRule rule = simpleRule(scalar.getValue());
                if (rule == null) {
                    at.problems().add(item, path, unknownRule(scalar.getValue()));
                } else {
                    rules.add(rule);
                }
                continue;
            }
            Fields r = new Fields(item, path, at.problems());
            Integer status = r.integer("status");
            RequestRule rule = null;
            int found = 0;
            for (String name : List.of("denyUserAgents", "denyPaths", "denyPathSegments", "denyPathsMatching", "denyMethods")) {
                if (r.raw(name) == null) {
                    continue;
                }
                found++;
                String[] values = r.strings(name).toArray(String[]::new);
                try {
                    rule = switch (name) {
                        case "denyUserAgents" -> RequestRules.denyUserAgents(values);
                        case "denyPaths" -> RequestRules.denyPaths(values);
                        case "denyPathSegments" -> RequestRules.denyPathSegments(values);
                        case "denyPathsMatching" -> RequestRules.denyPathsMatching(values);
                        default -> RequestRules.denyMethods(values);
                    };
                } catch (IllegalArgumentException e) {
                    r.problem(name, e.getMessage());
                }
            }
            String named = r.string("rule");
            if (named != null) {
                found++;
                rule = simpleRule(named);
                if (rule == null) {
                    r.problem("rule", unknownRule(named));
                }
            }
            r.finish();
            if (found != 1) {
                at.problems().add(item, path, "give exactly one rule per item (found " + found + "; known: " + RULE_NAMES + ")");
                continue;
            }
            if (rule != null && status != null) {
                RequestRule plain = rule;
                r.attempt("status", () -> rules.add(plain.withStatus(status)));
            } else if (rule != null) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private static RequestRule simpleRule(String name) {
        return switch (name) {
            case "commonProbes" -> RequestRules.commonProbes();
            case "denyMissingUserAgent" -> RequestRules.denyMissingUserAgent();
            case "requireHost" -> RequestRules.requireHost();
            case "headerConsistency" -> RequestRules.headerConsistency();
            default -> null;
        };
    }

    private static String unknownRule(String name) {
        String suggestion = Suggestions.closest(name, RULE_NAMES);
        return "unknown rule '" + name + "'" + (suggestion != null ? "; did you mean '" + suggestion + "'?" : "")
                + " (known: " + RULE_NAMES + ")";
    }

    /** {@code [{rate: 10/s, burst: 20, key: header:X-API-Key, name: per-key, maxKeys: 100000}]}. */
    static List<RateLimiter> rateLimits(Fields route, String key, String routeId, StatefulParts.Generation parts) {
        List<RateLimiter> limiters = new ArrayList<>();
        List<Node> items = route.list(key);
        for (int i = 0; i < items.size(); i++) {
            Fields l = new Fields(items.get(i), route.path(key) + "[" + i + "]", route.problems());
            String rate = l.string("rate");
            Long burst = l.longValue("burst");
            String name = l.string("name");
            String keyText = l.string("key");
            Integer maxKeys = l.integer("maxKeys");
            l.finish();
            if (rate == null) {
                l.problem("rate", "missing; give the rate, e.g. 'rate: 10/s' (or 600/m, 100/10s)");
                continue;
            }
            Quota quota = quota(l, rate);
            RateLimitKey limitKey = keyText == null ? RateLimitKey.clientAddress() : rateLimitKey(l, "key", keyText);
            if (quota == null || limitKey == null) {
                continue;
            }
            io.gatehouse.proxy.redis.SharedRedis redis = parts.redis();
            if (redis != null) {
                // ADR 0012: the bucket is in Redis, shared by every instance; its name is its key there
                if (maxKeys != null) {
                    l.problem("maxKeys", "bounds this instance's buckets in memory; with 'redis:' the buckets are in Redis"
                            + " (remove maxKeys)");
                    continue;
                }
                String bucket = name != null ? name : sharedName(routeId, i, items.size());
                l.attempt("burst", () -> {
                    Quota q = burst == null ? quota : quota.burst(burst);
                    var b = redis.tokenBucket(q).key(limitKey).failMode(parts.redisFailMode());
                    l.attempt("name", () -> b.name(bucket));
                    if (route.problems().isEmpty()) {
                        limiters.add(parts.reuse("route " + routeId + " rateLimits", l.node(), b::build));
                    }
                });
                continue;
            }
            l.attempt("burst", () -> {
                Quota q = burst == null ? quota : quota.burst(burst);
                RateLimiters.TokenBucketBuilder b = RateLimiters.tokenBucket(q).key(limitKey);
                Fields.ifPresent(name, b::name);
                Fields.ifPresent(maxKeys, b::maxKeys);
                b.build();
                if (route.problems().isEmpty()) {
                    limiters.add(parts.reuse("route " + routeId + " rateLimits", l.node(), b::build));
                }
            });
        }
        return limiters;
    }

    /** A shared bucket's default name: the route's id (made of the characters Redis keys are given), numbered after the first. */
    private static String sharedName(String routeId, int index, int count) {
        String name = routeId.replaceAll("[^A-Za-z0-9._-]", "-");
        if (name.length() > 56) {
            name = name.substring(0, 56);
        }
        return count > 1 && index > 0 ? name + "-" + (index + 1) : name;
    }

    /** {@code 8}, or {@code {maxInFlight: 8, key: client, name: concurrency}}. */
    static ConcurrencyLimiter concurrencyLimit(Fields route, String key, String routeId, StatefulParts.Generation parts) {
        Node node = route.raw(key);
        if (node == null) {
            return null;
        }
        Integer max;
        String name = null;
        RateLimitKey limitKey = RateLimitKey.clientAddress();
        Fields c = null;
        if (node instanceof ScalarNode) {
            max = route.integer(key);
        } else {
            c = route.map(key);
            max = c.integer("maxInFlight");
            name = c.string("name");
            String keyText = c.string("key");
            c.finish();
            if (keyText != null) {
                limitKey = rateLimitKey(c, "key", keyText);
            }
            if (max == null) {
                c.problem("maxInFlight", "missing; give the most requests in flight per client, e.g. 'maxInFlight: 8'");
            }
        }
        if (max == null || limitKey == null) {
            return null;
        }
        if (max < 1) {
            route.problem(key, max + " is invalid (expected: 1 or more requests in flight)");
            return null;
        }
        RateLimiters.ConcurrencyBuilder b = RateLimiters.concurrency(max).key(limitKey);
        String n = name;
        ConcurrencyLimiter[] out = new ConcurrencyLimiter[1];
        route.attempt(key, () -> {
            Fields.ifPresent(n, b::name);
            if (route.problems().isEmpty()) {
                out[0] = parts.reuse("route " + routeId + " concurrencyLimit", node, b::build);
            }
        });
        return out[0];
    }

    /** {@code client}, {@code header:NAME}, {@code route}, {@code global} or {@code network:24/48}. */
    static RateLimitKey rateLimitKey(Fields at, String key, String text) {
        try {
            if (text.equals("client")) {
                return RateLimitKey.clientAddress();
            }
            if (text.equals("route")) {
                return RateLimitKey.route();
            }
            if (text.equals("global")) {
                return RateLimitKey.global();
            }
            if (text.startsWith("header:")) {
                return RateLimitKey.header(text.substring(7).trim());
            }
            if (text.startsWith("network:")) {
                String[] bits = text.substring(8).split("/");
                if (bits.length == 2) {
                    return RateLimitKey.clientNetwork(Integer.parseInt(bits[0].trim()), Integer.parseInt(bits[1].trim()));
                }
            }
        } catch (IllegalArgumentException e) {
            at.problem(key, e.getMessage());
            return null;
        }
        at.problem(key, "'" + text + "' (expected: client, header:NAME, route, global or network:IPV4BITS/IPV6BITS)");
        return null;
    }

    /** {@code 10/s}, {@code 600/m}, {@code 1000/h}, {@code 100/10s}. */
    private static Quota quota(Fields at, String text) {
        Matcher m = RATE.matcher(text.trim());
        if (m.matches()) {
            String unit = m.group(2);
            Duration period = switch (unit) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Values.duration(unit);
            };
            if (period != null) {
                try {
                    return Quota.of(Long.parseLong(m.group(1)), period);
                } catch (IllegalArgumentException e) {
                    at.problem("rate", e.getMessage());
                    return null;
                }
            }
        }
        at.problem("rate", "'" + text + "' (expected: permits per period such as 10/s, 600/m, 1000/h or 100/10s)");
        return null;
    }
}

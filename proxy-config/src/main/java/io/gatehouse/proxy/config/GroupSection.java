package io.gatehouse.proxy.config;

import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.balancing.HashKey;
import io.gatehouse.proxy.balancing.LoadBalancers;
import io.gatehouse.proxy.balancing.SessionAffinity;
import io.gatehouse.proxy.dns.ResolvedNames;
import io.gatehouse.proxy.health.OutlierDetection;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One entry of {@code groups:}: upstreams, load balancer, health checks, outlier detection, slow
 * start, panic mode, per-upstream limit, session affinity.
 */
final class GroupSection {

    private GroupSection() {
    }

    /**
     * @param discovered the service discovery's upstream sets by group, null without one
     * @param names the host names resolved again ({@code dnsRefresh}) for this read
     */
    static void read(Fields group, UpstreamGroup.Builder g, String groupId, Map<String, List<ServiceDiscovery.Upstream>> discovered,
                     ResolvedNames.Reading names) {
        Duration refresh = dnsRefresh(group);
        Upstreams add = new Upstreams(group, g, refresh, names);
        List<Node> upstreams = group.list("upstreams");
        Boolean fromDiscovery = group.bool("discovered");
        if (Boolean.TRUE.equals(fromDiscovery)) {
            if (group.has("upstreams")) {
                group.problem("discovered", "a group has either upstreams or 'discovered: true'; remove one");
            } else if (discovered == null) {
                group.problem("discovered", "no service discovery is set up; give one (gatehouse proxy --discovery FILE)"
                        + " or list the upstreams");
            } else {
                List<ServiceDiscovery.Upstream> set = discovered.get(groupId);
                if (set == null || set.isEmpty()) {
                    group.problem("discovered", "the service discovery has no upstreams for group '" + groupId
                            + "'; add them there (e.g. '" + groupId + ": [http://10.0.0.7:8080]')");
                } else {
                    Node at = group.raw("discovered");
                    set.forEach(u -> add.upstream(at, group.path("discovered"), u.uri(), null, u.weight()));
                }
            }
        } else if (!group.has("upstreams")) {
            group.problem("upstreams", "missing; list the group's servers, e.g. 'upstreams: [http://127.0.0.1:9001]'"
                    + " (or 'discovered: true' to take them from the service discovery)");
        }
        for (int i = 0; i < upstreams.size(); i++) {
            Node item = upstreams.get(i);
            if (item instanceof ScalarNode scalar) {
                String path = group.path("upstreams") + "[" + i + "]";
                Fields.ifPresent(group.resolve(scalar, path), uri -> add.upstream(item, path, uri, null, null));
                continue;
            }
            Fields upstream = new Fields(item, group.path("upstreams") + "[" + i + "]", group.problems());
            String uri = upstream.string("uri");
            String id = upstream.string("id");
            Integer weight = upstream.integer("weight");
            upstream.finish();
            if (uri == null) {
                upstream.problem("uri", "missing; give the upstream's URI, e.g. 'uri: http://127.0.0.1:9001'");
                continue;
            }
            add.upstream(item, upstream.path(), uri, id, weight);
        }
        loadBalancer(group, g);
        Fields check = group.map("healthCheck");
        if (check != null) {
            g.healthCheck(h -> {
                Fields.ifPresent(check.string("path"), v -> check.attempt("path", () -> h.path(v)));
                Fields.ifPresent(check.duration("interval"), v -> check.attempt("interval", () -> h.interval(v)));
                Fields.ifPresent(check.duration("jitter"), v -> check.attempt("jitter", () -> h.jitter(v)));
                Fields.ifPresent(check.duration("timeout"), v -> check.attempt("timeout", () -> h.timeout(v)));
                List<String> expect = check.strings("expectStatus");
                if (expect.size() == 2) {
                    check.attempt("expectStatus", () -> h.expectStatus(Integer.parseInt(expect.get(0)), Integer.parseInt(expect.get(1))));
                } else if (!expect.isEmpty()) {
                    check.problem("expectStatus", expect + " (expected: the lowest and highest passing status, e.g. [200, 399])");
                }
                Fields.ifPresent(check.integer("healthyThreshold"), v -> check.attempt("healthyThreshold", () -> h.healthyThreshold(v)));
                Fields.ifPresent(check.integer("unhealthyThreshold"), v -> check.attempt("unhealthyThreshold", () -> h.unhealthyThreshold(v)));
                check.finish();
            });
        }
        outlierDetection(group, g);
        Fields.ifPresent(group.duration("slowStart"), g::slowStart);
        Fields.ifPresent(group.bool("panicMode"), g::panicMode);
        Fields.ifPresent(group.integer("maxRequestsPerUpstream"), g::maxRequestsPerUpstream);
        sessionAffinity(group, g);
        group.finish();
    }

    /**
     * {@code dnsRefresh: 30s} (or {@code true} for {@link ResolvedNames#DEFAULT_INTERVAL}): how often
     * the upstreams' host names are resolved again; null when they are not (ADR 0019).
     */
    private static Duration dnsRefresh(Fields group) {
        Node node = group.raw("dnsRefresh");
        if (node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
            return Boolean.parseBoolean(scalar.getValue()) ? ResolvedNames.DEFAULT_INTERVAL : null;
        }
        if (node == null) {
            return null;
        }
        Duration every = group.duration("dnsRefresh");
        if (every != null && (every.isZero() || every.isNegative())) {
            group.problem("dnsRefresh", "'" + every + "' (expected: a positive duration such as 30s, or true for "
                    + ResolvedNames.DEFAULT_INTERVAL.toSeconds() + "s)");
            return null;
        }
        return every;
    }

    /** Adds a group's upstreams, one per address of its host name when the group has {@code dnsRefresh}. */
    private record Upstreams(Fields group, UpstreamGroup.Builder g, Duration refresh, ResolvedNames.Reading names) {

        void upstream(Node at, String path, String uri, String id, Integer weight) {
            if (refresh == null || names == null) {
                add(uri, id, weight);
                return;
            }
            URI parsed;
            try {
                parsed = URI.create(uri);
            } catch (IllegalArgumentException e) {
                add(uri, id, weight); // the builder says what is wrong with it
                return;
            }
            if (parsed.getHost() == null) {
                add(uri, id, weight);
                return;
            }
            if ("https".equalsIgnoreCase(parsed.getScheme())) {
                group.problems().add(at, path, "dnsRefresh needs http upstreams: an address in place of '" + parsed.getHost()
                        + "' would fail the TLS name check; remove dnsRefresh from this group (the client resolves the name)");
                return;
            }
            List<URI> addresses;
            try {
                addresses = names.expand(parsed, refresh);
            } catch (UnknownHostException e) {
                group.problems().add(at, path, "host '" + parsed.getHost() + "' does not resolve (" + e.getMessage()
                        + "); check the name, or give an address");
                return;
            }
            for (URI address : addresses) {
                // the address in the id, so that an upstream keeps its state while its address stays
                add(address.toString(), id == null || address.equals(parsed) ? id : id + "@" + address.getHost(), weight);
            }
        }

        private void add(String uri, String id, Integer weight) {
            g.upstream(uri, u -> {
                Fields.ifPresent(id, u::id);
                Fields.ifPresent(weight, u::weight);
            });
        }
    }

    /** {@code round-robin} etc., or a mapping {@code {policy: consistent-hash, hashKey: header:X-User, loadFactor: 1.25}}. */
    private static void loadBalancer(Fields group, UpstreamGroup.Builder g) {
        Node node = group.raw("loadBalancer");
        if (node == null) {
            return;
        }
        if (node instanceof ScalarNode scalar) {
            group.attempt("loadBalancer", () -> g.loadBalancer(LoadBalancers.named(scalar.getValue())));
            return;
        }
        Fields lb = group.map("loadBalancer");
        String policy = lb.string("policy");
        String hashKey = lb.string("hashKey");
        Double loadFactor = lb.decimal("loadFactor");
        java.time.Duration decay = lb.duration("decay");
        lb.finish();
        if (policy == null) {
            lb.problem("policy", "missing; name the policy, e.g. 'policy: consistent-hash' (known: " + LoadBalancers.NAMES
                    + ", consistent-hash)");
            return;
        }
        if (policy.equals("consistent-hash")) {
            if (hashKey == null) {
                lb.problem("hashKey", "missing; say what to hash, e.g. 'hashKey: header:X-User-Id' (or cookie:NAME, client-ip, path)");
                return;
            }
            HashKey key = PolicySection.hashKey(lb, "hashKey", hashKey);
            if (key != null) {
                lb.attempt("loadFactor", () -> g.loadBalancer(loadFactor == null ? LoadBalancers.consistentHash(key)
                        : LoadBalancers.consistentHash(key, loadFactor)));
            }
        } else if (policy.equals("peak-ewma") && decay != null) {
            lb.attempt("decay", () -> g.loadBalancer(LoadBalancers.peakEwma(decay)));
        } else {
            if (hashKey != null || loadFactor != null) {
                lb.problem("hashKey", "hashKey and loadFactor are for 'policy: consistent-hash', not '" + policy + "'");
            }
            if (decay != null) {
                lb.problem("decay", "decay is for 'policy: peak-ewma', not '" + policy + "'");
            }
            lb.attempt("policy", () -> g.loadBalancer(LoadBalancers.named(policy)));
        }
    }

    /** {@code false} turns it off; a mapping tunes it. */
    private static void outlierDetection(Fields group, UpstreamGroup.Builder g) {
        Node node = group.raw("outlierDetection");
        if (node == null) {
            return;
        }
        if (node instanceof ScalarNode) {
            Boolean on = group.bool("outlierDetection");
            if (Boolean.FALSE.equals(on)) {
                g.outlierDetection(OutlierDetection.disabled());
            }
            return;
        }
        Fields o = group.map("outlierDetection");
        g.outlierDetection(d -> {
            Fields.ifPresent(o.integer("consecutiveFailures"), v -> o.attempt("consecutiveFailures", () -> d.consecutiveFailures(v)));
            Fields.ifPresent(o.duration("baseEjectionTime"), v -> o.attempt("baseEjectionTime", () -> d.baseEjectionTime(v)));
            Fields.ifPresent(o.duration("maxEjectionTime"), v -> o.attempt("maxEjectionTime", () -> d.maxEjectionTime(v)));
            Fields.ifPresent(o.decimal("maxEjectedShare"), v -> o.attempt("maxEjectedShare", () -> d.maxEjectedShare(v)));
            Fields.ifPresent(o.bool("healthCheckPassEndsEjection"),
                    v -> o.attempt("healthCheckPassEndsEjection", () -> d.healthCheckPassEndsEjection(v)));
            o.finish();
        });
    }

    /** {@code true} for the default cookie, or {@code {cookie: NAME, path: /, maxAge: 1h}}. */
    private static void sessionAffinity(Fields group, UpstreamGroup.Builder g) {
        Node node = group.raw("sessionAffinity");
        if (node == null) {
            return;
        }
        if (node instanceof ScalarNode) {
            if (Boolean.TRUE.equals(group.bool("sessionAffinity"))) {
                g.sessionAffinity(SessionAffinity.cookie());
            }
            return;
        }
        Fields s = group.map("sessionAffinity");
        String cookie = s.string("cookie");
        String path = s.string("path");
        java.time.Duration maxAge = s.duration("maxAge");
        s.finish();
        s.attempt("cookie", () -> {
            SessionAffinity affinity = cookie == null ? SessionAffinity.cookie() : SessionAffinity.cookie(cookie);
            if (path != null) {
                affinity = affinity.path(path);
            }
            if (maxAge != null) {
                affinity = affinity.maxAge(maxAge);
            }
            g.sessionAffinity(affinity);
        });
    }
}

package io.gatehouse.proxy.config;

import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.access.AccessPolicy;
import io.gatehouse.proxy.ratelimit.ConcurrencyLimiter;
import io.gatehouse.proxy.ratelimit.RateLimiter;
import io.gatehouse.proxy.rules.RequestRule;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * One item of {@code routes:}: matchers, rewrites, timeouts, cache, retry, split, access, rules,
 * rate and concurrency limits, body size.
 */
final class RouteSection {

    private RouteSection() {
    }

    static void read(Fields route, Route.Builder r, String routeId, StatefulParts.Generation parts) {
        Fields.ifPresent(route.integer("order"), r::order);
        Fields.ifPresent(route.string("pathPrefix"), r::pathPrefix);
        Fields.ifPresent(route.string("path"), r::path);
        Fields.ifPresent(route.string("pathTemplate"), r::pathTemplate);
        List<String> hosts = route.strings("hosts");
        if (!hosts.isEmpty()) {
            r.host(hosts.toArray(String[]::new));
        }
        List<String> methods = route.strings("methods");
        if (!methods.isEmpty()) {
            r.methods(methods.toArray(String[]::new));
        }
        List<Node> headers = route.list("headers");
        for (int i = 0; i < headers.size(); i++) {
            Fields header = new Fields(headers.get(i), route.path("headers") + "[" + i + "]", route.problems());
            String name = header.string("name");
            String value = header.string("value");
            String matches = header.string("matches");
            header.finish();
            if (name == null) {
                header.problem("name", "missing; name the header, e.g. 'name: X-Canary'");
            } else if (value != null && matches != null) {
                header.problem("matches", "give either value (exact) or matches (regular expression), not both");
            } else if (matches != null) {
                r.headerMatches(name, matches);
            } else if (value != null) {
                r.header(name, value);
            } else {
                r.header(name);
            }
        }
        List<Node> query = route.list("query");
        for (int i = 0; i < query.size(); i++) {
            Fields param = new Fields(query.get(i), route.path("query") + "[" + i + "]", route.problems());
            String name = param.string("name");
            String value = param.string("value");
            param.finish();
            if (name == null) {
                param.problem("name", "missing; name the query parameter, e.g. 'name: version'");
            } else {
                param.attempt("name", () -> {
                    if (value == null) {
                        r.queryParam(name);
                    } else {
                        r.queryParam(name, value);
                    }
                });
            }
        }
        Fields.ifPresent(route.string("to"), r::to);
        if (Boolean.TRUE.equals(route.bool("stripPrefix"))) {
            r.stripPrefix();
        }
        Fields.ifPresent(route.string("addPrefix"), r::addPrefix);
        Fields.ifPresent(route.string("rewritePath"), r::rewritePath);
        Fields.ifPresent(route.bool("preserveHost"), r::preserveHost);
        Fields.ifPresent(route.bool("passServerHeaders"), r::passServerHeaders);
        Fields.ifPresent(route.duration("connectTimeout"), r::connectTimeout);
        Fields.ifPresent(route.duration("responseTimeout"), r::responseTimeout);
        Fields.ifPresent(route.duration("idleTimeout"), r::idleTimeout);
        Fields.ifPresent(PolicySection.cache(route, "cache"), r::cache);
        Fields.ifPresent(PolicySection.retry(route, "retry"), r::retry);
        Fields.ifPresent(PolicySection.split(route, "split"), r::split);
        List<String> allow = route.strings("allow");
        if (!allow.isEmpty()) {
            r.allow(allow.toArray(String[]::new));
        }
        List<String> deny = route.strings("deny");
        if (!deny.isEmpty()) {
            r.deny(deny.toArray(String[]::new));
        }
        List<AccessPolicy> access = PolicySection.access(route, "access");
        if (!access.isEmpty()) {
            r.access(access.toArray(AccessPolicy[]::new));
        }
        List<RequestRule> rules = PolicySection.rules(route, "rules");
        if (!rules.isEmpty()) {
            r.rules(rules.toArray(RequestRule[]::new));
        }
        List<RateLimiter> limits = PolicySection.rateLimits(route, "rateLimits", routeId, parts);
        if (!limits.isEmpty()) {
            r.rateLimit(limits.toArray(RateLimiter[]::new));
        }
        ConcurrencyLimiter concurrency = PolicySection.concurrencyLimit(route, "concurrencyLimit", routeId, parts);
        if (concurrency != null) {
            r.concurrencyLimit(concurrency);
        }
        Fields.ifPresent(route.size("maxBodySize"), r::maxBodySize);
        Fields.ifPresent(route.bool("forwardCredentials"), r::forwardCredentials);
        Fields.ifPresent(route.bool("webSockets"), r::webSockets);
        route.finish();
    }
}

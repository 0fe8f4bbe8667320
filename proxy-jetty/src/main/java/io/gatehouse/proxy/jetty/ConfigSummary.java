package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.Upstream;
import io.gatehouse.proxy.UpstreamGroup;
import java.util.StringJoiner;

/**
 * One line describing a configuration for the operator's log (start-up and each update): its
 * routes (id, path, groups) and its groups (id, upstreams with their addresses).
 */
final class ConfigSummary {

    private ConfigSummary() {
    }

    static String of(ProxyConfig config) {
        StringJoiner routes = new StringJoiner(", ", config.routes().size() + " route(s) [", "]");
        for (Route route : config.routes()) {
            String groups = route.upstreamGroups().size() == 1 ? route.upstreamGroups().iterator().next()
                    : route.upstreamGroups().toString();
            routes.add(route.id() + " " + route.path() + " -> " + groups);
        }
        StringJoiner groups = new StringJoiner("; ", config.upstreamGroups().size() + " group(s) [", "]");
        for (UpstreamGroup group : config.upstreamGroups().values()) {
            StringJoiner upstreams = new StringJoiner(", ", group.id() + ": ", "");
            for (Upstream upstream : group.upstreams()) {
                upstreams.add(upstream.toString());
            }
            groups.add(upstreams.toString());
        }
        return routes + ", " + groups;
    }
}

package io.gatehouse.examples;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.routing.PathPattern;
import java.util.ArrayList;
import java.util.List;

/** Describes a configuration's routes for people, one line each, as seen from the public side. */
final class RouteSummary {

    private RouteSummary() {
    }

    /**
     * One line per route, e.g. {@code /api/users/...  -> users: roundRobin over users-1 (http://...); keep path}.
     *
     * @param mountPrefix where the proxy is mounted, without a trailing slash ({@code ""} at the root)
     */
    static List<String> lines(String mountPrefix, ProxyConfig config) {
        List<String> lines = new ArrayList<>();
        for (Route route : config.routes()) {
            UpstreamGroup group = config.upstreamGroup(route.upstreamGroup());
            lines.add(String.format("%-16s -> %s: %s over %s; %s", publicPath(mountPrefix, route.path()), group.id(),
                    group.loadBalancer(), joined(group), route.rewrite()));
        }
        return lines;
    }

    private static String publicPath(String mountPrefix, PathPattern path) {
        String pattern = path.pattern().equals("/") ? "" : path.pattern();
        return path.kind() == PathPattern.Kind.PREFIX ? mountPrefix + pattern + "/..." : mountPrefix + pattern;
    }

    private static String joined(UpstreamGroup group) {
        List<String> upstreams = new ArrayList<>();
        group.upstreams().forEach(upstream -> upstreams.add(upstream.toString()));
        return String.join(", ", upstreams);
    }
}

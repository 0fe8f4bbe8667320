package io.gatehouse.proxy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Finds routes whose matchers are identical, so that one of them could never be chosen. */
final class RouteOverlap {

    private RouteOverlap() {
    }

    static void check(List<Route> routes, List<String> problems) {
        Map<Key, Route> seen = new HashMap<>();
        for (Route route : routes) {
            Route earlier = seen.putIfAbsent(new Key(route), route);
            if (earlier != null) {
                problems.add("route '" + route.id() + "' has the same matchers as route '" + earlier.id()
                        + "' (" + route.path() + "), so one of them could never be chosen;"
                        + " change its path, host, methods, headers or query conditions, or remove it");
            }
        }
    }

    /** The matchers of a route, compared regardless of declaration order. */
    private record Key(Object path, Object hosts, Object methods, Object headers, Object query) {
        Key(Route route) {
            this(route.path(), new HashSet<>(route.hosts()), route.methods(), new HashSet<>(route.headers()),
                    new HashSet<>(route.queryParams()));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(path, k.path) && hosts.equals(k.hosts)
                    && methods.equals(k.methods) && headers.equals(k.headers) && query.equals(k.query);
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, hosts, methods, headers, query);
        }
    }
}

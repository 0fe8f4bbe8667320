package io.gatehouse.proxy.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deterministic order in which routes are tried when several match a request:
 *
 * <ol>
 *   <li>explicit {@link Routable#order() order}, lower first;</li>
 *   <li>host: an exact host, then a wildcard host (longer suffix first), then any host —
 *       like nginx, the virtual host is chosen before the location;</li>
 *   <li>path: exact, then template (more literal segments first, then more segments), then
 *       prefix (longer, in segments, first);</li>
 *   <li>more conditions on method, headers and query first;</li>
 *   <li>declaration order.</li>
 * </ol>
 */
final class RouteOrder {

    private RouteOrder() {
    }

    static <R extends Routable> List<R> sort(List<R> routes) {
        List<R> sorted = new ArrayList<>(routes);
        Map<Routable, Integer> declared = new IdentityHashMap<>();
        for (int i = 0; i < routes.size(); i++) {
            declared.put(routes.get(i), i);
        }
        sorted.sort(Comparator.<R>comparingInt(Routable::order)
                .thenComparingInt(RouteOrder::hostRank)
                .thenComparingInt(RouteOrder::wildcardLength)
                .thenComparingInt(route -> route.path().kind().ordinal())
                .thenComparing(Comparator.comparingInt((R route) -> route.path().literalSegmentCount()).reversed())
                .thenComparing(Comparator.comparingInt((R route) -> route.path().segments().size()).reversed())
                .thenComparing(Comparator.comparingInt(RouteConditions::count).reversed())
                .thenComparingInt(declared::get));
        return sorted;
    }

    /** 0 for a route with an exact host, 1 with only wildcards, 2 with no host condition. */
    private static int hostRank(Routable route) {
        if (route.hosts().isEmpty()) {
            return 2;
        }
        return route.hosts().stream().allMatch(HostPattern::isWildcard) ? 1 : 0;
    }

    /** Longer wildcard suffixes are more specific: returns minus the longest length. */
    private static int wildcardLength(Routable route) {
        int longest = 0;
        for (HostPattern host : route.hosts()) {
            if (host.isWildcard()) {
                longest = Math.max(longest, host.pattern().length());
            }
        }
        return -longest;
    }
}

package io.gatehouse.proxy.routing;

import io.gatehouse.proxy.http.RequestView;
import java.util.Set;

/** The non-path conditions of a route (host, method, headers, query), tested together. */
final class RouteConditions {

    private final HostPattern[] hosts;
    private final Set<String> methods;
    private final HeaderCondition[] headers;
    private final QueryCondition[] query;

    RouteConditions(Routable route) {
        this.hosts = route.hosts().toArray(new HostPattern[0]);
        this.methods = route.methods();
        this.headers = route.headers().toArray(new HeaderCondition[0]);
        this.query = route.queryParams().toArray(new QueryCondition[0]);
    }

    boolean test(RequestView request) {
        if (hosts.length > 0 && !anyHost(request.host())) {
            return false;
        }
        if (!methods.isEmpty() && !methods.contains(request.method())) {
            return false;
        }
        for (HeaderCondition header : headers) {
            if (!header.test(request)) {
                return false;
            }
        }
        if (query.length > 0) {
            String rawQuery = request.query();
            for (QueryCondition condition : query) {
                if (!condition.test(rawQuery)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean anyHost(String host) {
        for (HostPattern pattern : hosts) {
            if (pattern.matches(host)) {
                return true;
            }
        }
        return false;
    }

    static int count(Routable route) {
        return (route.methods().isEmpty() ? 0 : 1) + route.headers().size() + route.queryParams().size();
    }
}

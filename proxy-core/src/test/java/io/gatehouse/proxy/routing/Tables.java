package io.gatehouse.proxy.routing;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import java.util.function.Consumer;

/** Builds routes through {@link ProxyConfig#builder()}, as users do, and compiles them. */
final class Tables {

    private Tables() {
    }

    /** Routes declared on a builder that already has the group {@code g}; each route must say {@code .to("g")}. */
    static List<Route> routes(Consumer<ProxyConfig.Builder> declarations) {
        ProxyConfig.Builder builder = ProxyConfig.builder().upstreamGroup("g", g -> g.upstream("http://127.0.0.1:9001"));
        declarations.accept(builder);
        return builder.build().routes();
    }

    static RouteTable<Route> table(Consumer<ProxyConfig.Builder> declarations) {
        return RouteTable.compile(routes(declarations));
    }

    /** The id of the route that answers, or null. */
    static String routeId(RouteTable<Route> table, RequestView request) {
        RouteMatch<Route> match = table.match(request);
        return match == null ? null : match.route().id();
    }
}

/**
 * Routing: which {@link io.gatehouse.proxy.Route} answers a request, and what path the upstream
 * sees. The first decision on a request's way through the proxy.
 *
 * <p>Patterns ({@link io.gatehouse.proxy.routing.PathPattern},
 * {@link io.gatehouse.proxy.routing.HostPattern}, header and query conditions) are immutable
 * values the route builder creates; {@link io.gatehouse.proxy.routing.RouteTable} compiles them
 * into segment tries so that a lookup costs the depth of the path, not the number of routes;
 * {@link io.gatehouse.proxy.routing.PathRewrite} maps the matched path to the upstream path.
 */
package io.gatehouse.proxy.routing;

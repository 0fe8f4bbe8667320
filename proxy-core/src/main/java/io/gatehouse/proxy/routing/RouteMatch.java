package io.gatehouse.proxy.routing;

import java.util.Map;

/**
 * The outcome of routing a request: the chosen route, how many characters of the path its
 * prefix covered, and the values of its template variables (raw, still percent-encoded).
 *
 * @param <R> the type of the routes of the table (the configuration's {@code Route})
 * @param route the route that answers the request
 * @param prefixLength the length of the path's part matched by a prefix route ({@code 0} otherwise)
 * @param variables template variable values by name; empty for prefix and exact routes
 */
public record RouteMatch<R extends Routable>(R route, int prefixLength, Map<String, String> variables) {
}

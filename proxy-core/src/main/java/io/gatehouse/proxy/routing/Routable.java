package io.gatehouse.proxy.routing;

import java.util.List;
import java.util.Set;

/**
 * What routing needs to know of a route: its id, its explicit order, and its conditions on path,
 * host, method, headers and query. The configuration's {@code Route} implements it; a
 * {@link RouteTable} is compiled over any list of them and hands the same objects back in its
 * {@link RouteMatch}es.
 */
public interface Routable {

    /** The route's id, unique in the configuration. */
    String id();

    /** The explicit order (lower first; see {@link RouteTable}). */
    int order();

    /** The path condition. */
    PathPattern path();

    /** The host conditions (any of them); empty for any host. */
    List<HostPattern> hosts();

    /** The methods (upper case, any of them); empty for any method. */
    Set<String> methods();

    /** The header conditions (all of them). */
    List<HeaderCondition> headers();

    /** The query parameter conditions (all of them). */
    List<QueryCondition> queryParams();
}

/**
 * HTTP vocabulary shared by every stage: the read-only {@link io.gatehouse.proxy.http.RequestView}
 * the core decides on (the adapter implements it over the client-to-proxy request), the
 * hop-by-hop header rules of RFC 9110 §7.6.1, method semantics, and RFC 9457 problem details
 * for the errors the proxy itself produces.
 */
package io.gatehouse.proxy.http;

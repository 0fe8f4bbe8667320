/**
 * Forwarding decisions for one request, once the engine's
 * {@link io.gatehouse.proxy.engine.ForwardPlan} says which upstream and which path: the proxy
 * headers added on the proxy-to-server leg (RFC 7239 {@code Forwarded}, {@code X-Forwarded-*},
 * {@code Via}), the header rules of both legs, the
 * mapping of upstream {@code Location} headers back to public addresses (over a
 * {@link io.gatehouse.proxy.forward.LocationMapping}), and the
 * {@link io.gatehouse.proxy.forward.ForwardFailure} enum that maps a failed leg to a status.
 */
package io.gatehouse.proxy.forward;

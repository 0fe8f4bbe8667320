/**
 * Forwarding decisions: the {@link io.gatehouse.proxy.forward.ForwardPlan} for one request (which
 * upstream, which path), the proxy headers added on the proxy-to-server leg (RFC 7239
 * {@code Forwarded}, {@code X-Forwarded-*}, {@code Via}), the header rules of both legs, the
 * mapping of upstream {@code Location} headers back to public addresses, and the
 * {@link io.gatehouse.proxy.forward.ForwardFailure} enum that maps a failed leg to a status.
 */
package io.gatehouse.proxy.forward;

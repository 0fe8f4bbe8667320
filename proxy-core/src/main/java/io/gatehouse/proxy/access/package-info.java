/**
 * Access control, stage 2 of {@link io.gatehouse.proxy.engine.ProxyEngine#decide}: who the client is
 * ({@link io.gatehouse.proxy.access.ClientAddressResolver}: the socket peer, or the address a
 * trusted proxy forwarded for), whether its address may pass
 * ({@link io.gatehouse.proxy.access.IpAccessList} over {@link io.gatehouse.proxy.access.CidrSet}s,
 * globally before routing and per route after it — 403), and whether its credentials do
 * ({@link io.gatehouse.proxy.access.AccessPolicy}, built-ins on
 * {@link io.gatehouse.proxy.access.AccessPolicies}: API key, HTTP Basic, bearer token — 401 with
 * {@code WWW-Authenticate}). A denial is a {@link io.gatehouse.proxy.access.Verdict.Deny}: the
 * engine turns it into the problem response, and nothing is forwarded.
 */
package io.gatehouse.proxy.access;

/**
 * The admin API and status page (issue 13, ADR 0016): what an operator looks at while the proxy
 * runs. {@link io.gatehouse.proxy.jetty.admin.AdminServlet} answers JSON under {@code api/} (routes
 * with their traffic, upstream groups with each upstream's health, in-flight count, latency and
 * ejections, cache figures, the configuration in force, cache purges) and serves one HTML page
 * with inline CSS and JavaScript that polls that JSON every second. Only clients the admin
 * access list allows get in (loopback by default); others get a 403 problem.
 *
 * <p>Not on the request's way: it reads the engine's {@code UpstreamRegistry} and the
 * per-route {@link io.gatehouse.proxy.jetty.admin.RouteTraffic} counters that the proxy servlet
 * feeds when an admin servlet is mounted. Mounted with {@code io.gatehouse.proxy.jetty.AdminMount};
 * this package is internal (public only because Java has no friend packages).
 */
package io.gatehouse.proxy.jetty.admin;

/**
 * The Jetty 12 (ee10) adapter: {@link io.gatehouse.proxy.jetty.ProxyServlet} turns the
 * client-to-proxy request into a {@link io.gatehouse.proxy.http.RequestView}, asks the core's
 * {@link io.gatehouse.proxy.engine.ProxyEngine} what to do, and performs it with one shared
 * jetty-client {@code HttpClient}: the proxy-to-server request, the server-to-proxy response
 * and the proxy-to-client response, streamed in both directions with back-pressure.
 * {@link io.gatehouse.proxy.jetty.ProxyMount} mounts it in one line;
 * {@link io.gatehouse.proxy.jetty.AdminMount} mounts its admin API and status page beside it, for
 * the clients an {@link io.gatehouse.proxy.jetty.AdminAccess} allows (ADR 0016).
 *
 * <p>This package is the API. The sub-packages {@code forward}, {@code cache}, {@code compress},
 * {@code edge}, {@code tls}, {@code websocket} and {@code admin} hold the adapter's internals by job (ADR 0014) and are not API.
 */
package io.gatehouse.proxy.jetty;

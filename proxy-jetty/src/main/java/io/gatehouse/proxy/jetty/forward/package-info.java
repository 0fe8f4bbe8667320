/**
 * Internal (ADR 0014): the proxy-to-server leg of a forwarded request and the relay of the
 * server-to-proxy response back to the client: {@link io.gatehouse.proxy.jetty.forward.ForwardExchange}
 * runs the attempts the core's {@code Failover} hands out over one shared jetty-client
 * {@code HttpClient}. Not API: public only so that the root package can use it.
 */
package io.gatehouse.proxy.jetty.forward;

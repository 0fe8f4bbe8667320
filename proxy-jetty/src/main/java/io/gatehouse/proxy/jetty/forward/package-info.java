/**
 * Internal (ADR 0014): the proxy-to-server leg of a forwarded request and the relay of the
 * server-to-proxy response back to the client: {@link io.gatehouse.proxy.jetty.forward.ForwardExchange}
 * does the I/O of the attempts the core's {@code Exchange} decides, over one shared jetty-client
 * {@code HttpClient}. Not API: public only so that the root package can use it.
 */
package io.gatehouse.proxy.jetty.forward;

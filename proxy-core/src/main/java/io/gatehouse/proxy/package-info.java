/**
 * Gatehouse's public entry: {@link io.gatehouse.proxy.ProxyConfig} and its builder, with
 * {@link io.gatehouse.proxy.Route}, {@link io.gatehouse.proxy.UpstreamGroup} and
 * {@link io.gatehouse.proxy.Upstream}; {@link io.gatehouse.proxy.ProxyConfigException} for
 * invalid configuration; and {@link io.gatehouse.proxy.ProxyEngine}, the pipeline an adapter
 * calls to decide what to do with a request.
 */
package io.gatehouse.proxy;

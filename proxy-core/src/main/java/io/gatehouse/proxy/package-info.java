/**
 * Gatehouse's public configuration: {@link io.gatehouse.proxy.ProxyConfig} and its builder, with
 * {@link io.gatehouse.proxy.Route}, {@link io.gatehouse.proxy.UpstreamGroup} and
 * {@link io.gatehouse.proxy.Upstream}; {@link io.gatehouse.proxy.ProxyConfigException} for
 * invalid configuration. The configuration holds the stages' policies, so it depends on the stage
 * packages; no stage depends on it. {@link io.gatehouse.proxy.engine.ProxyEngine} compiles a
 * configuration into the pipeline an adapter calls to decide what to do with a request.
 */
package io.gatehouse.proxy;

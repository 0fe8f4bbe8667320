/**
 * The engine: the pipeline that runs the stages for a request, in order, and the values it hands
 * the adapter. {@link io.gatehouse.proxy.engine.ProxyEngine} compiles a
 * {@link io.gatehouse.proxy.ProxyConfig} and decides each request
 * ({@link io.gatehouse.proxy.engine.Decision}: forward by a
 * {@link io.gatehouse.proxy.engine.RoutePlan}, reject, or answer as the final recipient);
 * {@link io.gatehouse.proxy.engine.Failover} runs the attempts of a forwarded request, each an
 * {@link io.gatehouse.proxy.engine.Attempt} with its {@link io.gatehouse.proxy.engine.ForwardPlan}.
 *
 * <p>The top of the core's package graph: the engine depends on the configuration
 * ({@code io.gatehouse.proxy}) and on every stage package; nothing in the core depends on it. It
 * gives each stage narrow values (a route id, a route's conditions, an upstream's address), never
 * the configuration objects themselves, and turns what the stages return into decisions.
 */
package io.gatehouse.proxy.engine;

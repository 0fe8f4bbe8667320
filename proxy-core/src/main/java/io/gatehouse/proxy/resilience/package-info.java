/**
 * Resilience: what happens after an attempt on an upstream failed. Split three ways, as Armeria
 * and Finagle do: <em>when</em> to retry ({@link io.gatehouse.proxy.resilience.RetryPolicy}, a pure
 * function of the attempt, the failure, the method and the body's state), <em>how long</em> to wait
 * ({@link io.gatehouse.proxy.resilience.Backoff}, {@code Retry-After}), and <em>how much</em>
 * ({@link io.gatehouse.proxy.resilience.RetryBudget}: retries stay under a share of requests). The
 * engine's {@link io.gatehouse.proxy.engine.Failover} ties them to the load balancer for one
 * request and hands the adapter one {@link io.gatehouse.proxy.engine.Attempt} at a time; the
 * adapter sends, replays the body, waits, and reports back.
 */
package io.gatehouse.proxy.resilience;

/**
 * Load balancing: given the available upstreams of a group, pick one for a request. Health
 * filtering happens before ({@link io.gatehouse.proxy.health.GroupHealth}); the
 * {@link io.gatehouse.proxy.balancing.GroupBalancer} then leaves out upstreams at their concurrency
 * limit or already tried by the request, honours session affinity, and asks the group's
 * {@link io.gatehouse.proxy.balancing.Picker}. A {@link io.gatehouse.proxy.balancing.LoadBalancer}
 * is the configured policy (a picker factory); built-ins are static factories on
 * {@link io.gatehouse.proxy.balancing.LoadBalancers}. Nothing here blocks or locks.
 */
package io.gatehouse.proxy.balancing;

/**
 * Health: the runtime state of every upstream, apart from the configuration. Before the load
 * balancer is asked, {@link io.gatehouse.proxy.health.GroupHealth} says which upstreams of a group
 * are available (active checks passing, not ejected by outlier detection; all of them in panic
 * mode) and with what weight (slow start); after each attempt the adapter completes its
 * {@link io.gatehouse.proxy.health.Lease} with an {@link io.gatehouse.proxy.health.Outcome}, which
 * updates the in-flight count, the latency average and passive health. Active checks are driven
 * by {@link io.gatehouse.proxy.health.ActiveHealthChecks} over a prober and a scheduler the adapter
 * supplies. State lives in an {@link io.gatehouse.proxy.health.UpstreamRegistry} keyed by group
 * and upstream id, so it survives configuration swaps; its statuses are the public read API.
 */
package io.gatehouse.proxy.health;

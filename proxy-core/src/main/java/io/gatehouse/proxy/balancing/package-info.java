/**
 * Load balancing: given the available upstreams of a group, pick one for a request. Health
 * filtering happens before the balancer is asked; the balancer only sees candidates it may use.
 * Built-in policies are static factories on {@link io.gatehouse.proxy.balancing.LoadBalancers}.
 */
package io.gatehouse.proxy.balancing;

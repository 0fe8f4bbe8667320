package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.health.EndpointGroup;

/**
 * A group of upstreams as the load balancer sees it: the health side ({@link EndpointGroup}) plus
 * the policy that picks, the per-upstream concurrency limit and session affinity. The
 * configuration's {@code UpstreamGroup} implements it; {@link GroupBalancer#of} balances one.
 */
public interface BalancedGroup extends EndpointGroup {

    /** The policy that picks an upstream for a request. */
    LoadBalancer loadBalancer();

    /** The most requests under way at once on one upstream; 0 for no limit. */
    int maxRequestsPerUpstream();

    /** Cookie session affinity, or null when the group has none. */
    SessionAffinity sessionAffinity();
}

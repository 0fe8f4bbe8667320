package io.gatehouse.proxy.balancing;

/** The built-in load balancing policies. Each call returns a new, independent balancer. */
public final class LoadBalancers {

    private LoadBalancers() {
    }

    /** Each candidate in turn, ignoring weights. Lock-free. */
    public static LoadBalancer roundRobin() {
        return new RoundRobin();
    }
}

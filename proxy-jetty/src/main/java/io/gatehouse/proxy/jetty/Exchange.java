package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.forward.ForwardPlan;

/**
 * The state of one proxied exchange shared between the client's and the upstream's threads:
 * the plan, and which side failed first.
 */
final class Exchange {

    static final String ATTRIBUTE = Exchange.class.getName();

    final ForwardPlan plan;
    /** The proxy-to-server request began on a connection: connecting was over. */
    volatile boolean begun;
    /** Reading the client-to-proxy request body failed. */
    volatile boolean clientFailed;

    Exchange(ForwardPlan plan) {
        this.plan = plan;
    }
}

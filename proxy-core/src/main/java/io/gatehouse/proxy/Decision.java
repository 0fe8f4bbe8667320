package io.gatehouse.proxy;

import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.forward.ForwardPlan;
import io.gatehouse.proxy.http.Problem;
import java.util.Map;

/** What the core decided for a request: forward it by a plan, or answer it with a problem. */
public sealed interface Decision permits Decision.Forward, Decision.Reject {

    /** Forward the request as the plan says. */
    record Forward(ForwardPlan plan) implements Decision {
    }

    /**
     * Answer the request here with a problem and extra response headers.
     *
     * @param problem the RFC 9457 problem body and status
     * @param headers headers to add to the response (e.g. {@code Retry-After}); may be empty
     */
    record Reject(Problem problem, Map<String, String> headers) implements Decision {

        /** A rejection for a failure, without extra headers. */
        public static Reject of(ForwardFailure failure) {
            return new Reject(failure.problem(), Map.of());
        }
    }
}

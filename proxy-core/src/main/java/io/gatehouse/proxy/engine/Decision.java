package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.access.Client;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.http.Problem;
import io.gatehouse.proxy.http.RequestView;
import io.gatehouse.proxy.ratelimit.Lease;
import java.util.List;
import java.util.Map;

/**
 * What the core decided for a request: forward it by a plan, answer it with a problem, or answer
 * it as its final recipient ({@link Answer}).
 */
public sealed interface Decision permits Decision.Forward, Decision.Reject, Decision.Answer {

    /**
     * Forward the request as the plan says, and do what the edge stages asked on the way. The
     * adapter must {@link #close()} it exactly when the exchange ends — response complete,
     * failed or aborted, after the last retry — to give back the route's concurrency slot;
     * closing again does nothing. Built by the engine; the one-argument constructor is for tests.
     *
     * @param plan where the route sends the request; the upstream is picked per attempt by
     *     {@code ProxyEngine.failover}, after the cache had its say
     * @param request the request as the stages saw it ({@link RequestView#clientAddress()} resolved);
     *     pass it to {@code ProxyEngine.failover}
     * @param client the client and whether the socket peer is a trusted proxy: only then may the
     *     incoming {@code X-Forwarded-For} / {@code Forwarded} chain be passed on and appended to,
     *     otherwise the adapter starts a new one with the peer
     * @param requestId the request id, or null when request ids are off
     * @param upstreamHeaders headers to set (replacing any the client sent) on the proxy-to-server
     *     request, after the hop-by-hop filtering so that {@code Connection} cannot remove them
     *     (the request id; on {@code OPTIONS} / {@code TRACE} the decremented {@code Max-Forwards})
     * @param removedHeaders lower-case names of request headers not to forward: credentials the
     *     proxy consumed ({@code authorization}, an API key header) unless the route forwards them
     * @param responseHeaders headers to add to the proxy-to-client response (the request id,
     *     {@code RateLimit-Policy}, {@code RateLimit})
     * @param lease what {@link #close()} gives back; {@link Lease#none()} when nothing is held
     */
    record Forward(RoutePlan plan, RequestView request, Client client, String requestId,
                   Map<String, String> upstreamHeaders, List<String> removedHeaders, Map<String, String> responseHeaders,
                   Lease lease) implements Decision, AutoCloseable {

        /** A plain forward with no edge extras (tests). */
        public Forward(RoutePlan plan) {
            this(plan, null, null, null, Map.of(), List.of(), Map.of(), Lease.none());
        }

        /** The same forward holding nothing: for a request forwarded on this one's behalf (a background refresh). */
        Forward withoutLease() {
            return new Forward(plan, request, client, requestId, upstreamHeaders, removedHeaders, responseHeaders,
                    Lease.none());
        }

        /** Gives back what the request held (its concurrency slot); idempotent, never throws. */
        @Override
        public void close() {
            lease.close();
        }
    }

    /**
     * Answer the request here with a problem and extra response headers.
     *
     * @param problem the RFC 9457 problem body and status
     * @param headers headers to add to the response (e.g. {@code Retry-After}); may be empty
     * @param route the id of the route the request matched, when the rejection came after the
     *     route was chosen and no upstream could take the request (for the operator's log, never
     *     for the client); else null
     */
    record Reject(Problem problem, Map<String, String> headers, String route) implements Decision, Exchange.Step {

        /** A rejection not tied to a route. */
        public Reject(Problem problem, Map<String, String> headers) {
            this(problem, headers, null);
        }

        /** A rejection for a failure, without extra headers. */
        public static Reject of(ForwardFailure failure) {
            return new Reject(failure.problem(), Map.of());
        }
    }

    /**
     * Answer the request here, successfully, as its final recipient: an {@code OPTIONS} or
     * {@code TRACE} with {@code Max-Forwards: 0} (RFC 9110 §7.6.2). Nothing is forwarded.
     *
     * @param status the status, e.g. 200
     * @param headers headers of the response (e.g. {@code Allow}, the request id); may be empty
     * @param contentType the body's media type, or null when there is no body
     * @param body the body, UTF-8; empty for none ({@code Content-Length: 0})
     */
    record Answer(int status, Map<String, String> headers, String contentType, String body)
            implements Decision, Exchange.Step {
    }
}

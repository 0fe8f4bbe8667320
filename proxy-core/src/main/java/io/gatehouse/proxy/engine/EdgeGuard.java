package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.EdgeConfig;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.access.AccessPolicy;
import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.http.HeaderValues;
import io.gatehouse.proxy.http.MaxForwards;
import io.gatehouse.proxy.http.PathSafety;
import io.gatehouse.proxy.http.Problem;
import io.gatehouse.proxy.http.RequestIds;
import io.gatehouse.proxy.http.RequestView;
import io.gatehouse.proxy.ratelimit.Admission;
import io.gatehouse.proxy.ratelimit.RateLimitHeaders;
import io.gatehouse.proxy.rules.RequestRule;
import io.gatehouse.proxy.rules.RuleDenials;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The edge stages of {@link ProxyEngine#decide}: identifying the client and the request, the
 * checks before routing (stage 0), a route's access checks (stage 2), and dressing the engine's
 * decisions with the request id, the rate-limit headers and the credentials not to forward.
 */
final class EdgeGuard {

    /** What a 405 for {@code TRACE} / {@code CONNECT} says is allowed (RFC 9110 §15.5.6 requires {@code Allow}). */
    static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH";

    private final EdgeConfig edge;
    private final RuleDenials denials;

    EdgeGuard(EdgeConfig edge, LongSupplier nanoTime) {
        this.edge = edge;
        this.denials = RuleDenials.create(nanoTime);
    }

    RuleDenials denials() {
        return denials;
    }

    /**
     * Who is asking: the client address (the peer, or what trusted proxies forwarded) and the
     * request id (the peer's, if the peer is trusted and the id is acceptable; else a new one).
     */
    IdentifiedRequest identify(RequestView clientToProxyRequest) {
        var client = edge.clientAddresses().resolve(clientToProxyRequest);
        String header = edge.requestIdHeader();
        String requestId = null;
        if (header != null) {
            String incoming = client.peerTrusted() ? clientToProxyRequest.header(header) : null;
            requestId = RequestIds.isAcceptable(incoming) ? incoming : edge.requestIds().get();
        }
        return new IdentifiedRequest(clientToProxyRequest, client, requestId);
    }

    /**
     * Stage 0, what no route may see: a client outside the global allow/deny lists (403),
     * {@code TRACE} unless allowed and {@code CONNECT} (405), a request target longer than
     * allowed (414), a path that could leave its route's prefix upstream (400,
     * {@link PathSafety}), and the global request rules. Null when the request may be routed.
     */
    Decision.Reject screen(IdentifiedRequest request) {
        if (!edge.ipAccess().permits(request.client().ip())) {
            return reject(request, ForwardFailure.FORBIDDEN);
        }
        // Case-insensitive although methods are case-sensitive (RFC 9110 §9.1): some upstreams upper-case them.
        String method = request.method();
        if (method.equalsIgnoreCase("CONNECT") || (method.equalsIgnoreCase("TRACE") && !edge.allowTrace())) {
            return reject(request, ForwardFailure.METHOD_NOT_ALLOWED.problem(), Map.of("Allow", ALLOWED_METHODS));
        }
        String path = request.path();
        String query = request.query();
        if (path.length() + (query == null ? 0 : query.length() + 1) > edge.maxUriLength()) {
            return reject(request, ForwardFailure.URI_TOO_LONG);
        }
        if (!PathSafety.isSafe(path)) {
            return reject(request, ForwardFailure.UNSAFE_PATH);
        }
        return checkRules(request, edge.rules());
    }

    /**
     * Stage 2, the route's own checks: its allow/deny lists (403), its request rules, its access
     * policies (401 and friends) and a declared body larger than it accepts (413). Null when
     * the request may go on.
     */
    Decision.Reject access(IdentifiedRequest request, Route route) {
        if (!route.ipAccess().permits(request.client().ip())) {
            return reject(request, ForwardFailure.FORBIDDEN);
        }
        Decision.Reject refused = checkRules(request, route.rules());
        if (refused != null) {
            return refused;
        }
        for (AccessPolicy policy : route.accessPolicies()) {
            if (policy.check(request) instanceof Verdict.Deny deny) {
                return reject(request, deny.problem(), deny.headers());
            }
        }
        if (route.maxBodySize() != Long.MAX_VALUE
                && HeaderValues.contentLength(request.header("Content-Length")) > route.maxBodySize()) {
            return reject(request, ForwardFailure.CONTENT_TOO_LARGE);
        }
        return null;
    }

    /**
     * {@code Max-Forwards} on {@code OPTIONS} and {@code TRACE} (RFC 9110 §7.6.2, {@link MaxForwards}):
     * 0 is answered here ({@link FinalRecipient}), a value that is not one number is a 400. Null
     * when the request may be forwarded.
     */
    Decision finalRecipient(IdentifiedRequest request, String mountPrefix) {
        MaxForwards maxForwards = MaxForwards.of(request);
        if (maxForwards.action() == MaxForwards.Action.ANSWER_HERE) {
            Decision.Answer answer = FinalRecipient.answer(request, mountPrefix, edge.allowTrace());
            return new Decision.Answer(answer.status(), withRequestId(request, answer.headers()), answer.contentType(),
                    answer.body());
        }
        if (maxForwards.action() == MaxForwards.Action.REFUSE_INVALID) {
            return reject(request, FinalRecipient.INVALID_MAX_FORWARDS, Map.of());
        }
        return null;
    }

    private Decision.Reject checkRules(IdentifiedRequest request, List<RequestRule> rules) {
        for (RequestRule rule : rules) {
            if (rule.check(request) instanceof Verdict.Deny deny) {
                denials.record(request, rule.name(), deny);
                return reject(request, deny.problem(), deny.headers());
            }
        }
        return null;
    }

    Decision.Reject reject(IdentifiedRequest request, ForwardFailure failure) {
        return reject(request, failure.problem(), Map.of());
    }

    Decision.Reject reject(IdentifiedRequest request, Verdict.Deny deny) {
        return reject(request, deny.problem(), deny.headers());
    }

    /** A rejection with the request id added to its headers. */
    Decision.Reject reject(IdentifiedRequest request, Problem problem, Map<String, String> headers) {
        return new Decision.Reject(problem, withRequestId(request, headers));
    }

    /** The engine's own rejection (no route, no upstream...) with the request id added. */
    Decision.Reject reject(IdentifiedRequest request, Decision.Reject reject) {
        return new Decision.Reject(reject.problem(), withRequestId(request, reject.headers()), reject.route());
    }

    /**
     * The decision to forward: the plan, plus what the adapter must do beside it — set the
     * request id and a decremented {@code Max-Forwards} upstream, strip the credentials the proxy
     * consumed (unless the route forwards them), add the request id and rate-limit headers to the
     * response, and close the lease.
     */
    Decision.Forward forward(IdentifiedRequest request, RoutePlan plan, Admission admission) {
        String header = edge.requestIdHeader();
        String requestId = request.requestId();
        Map<String, String> upstreamHeaders = requestId == null ? Map.of() : Map.of(header, requestId);
        MaxForwards maxForwards = MaxForwards.of(request);
        if (maxForwards.action() == MaxForwards.Action.FORWARD_DECREMENTED) {
            // RFC 9110 §7.6.2: forwarded with the received value minus one, replacing the client's.
            upstreamHeaders = requestId == null ? Map.of(MaxForwards.NAME, maxForwards.forwardValue())
                    : Map.of(header, requestId, MaxForwards.NAME, maxForwards.forwardValue());
        }
        return new Decision.Forward(plan, request, request.client(), requestId, upstreamHeaders,
                credentialHeaders(plan.route()), responseHeaders(header, requestId, admission), admission.lease());
    }

    /** The request id and the rate-limit headers for the proxy-to-client response, in one small immutable map. */
    private static Map<String, String> responseHeaders(String header, String requestId, Admission admission) {
        String policy = admission.policy();
        String limit = admission.limit();
        if (requestId == null) {
            return admission.responseHeaders();
        }
        if (policy == null) {
            return Map.of(header, requestId);
        }
        return limit == null ? Map.of(header, requestId, RateLimitHeaders.POLICY, policy)
                : Map.of(header, requestId, RateLimitHeaders.POLICY, policy, RateLimitHeaders.LIMIT, limit);
    }

    /** The lower-case request headers holding credentials the route's policies consumed. */
    private static List<String> credentialHeaders(Route route) {
        if (route.forwardCredentials() || route.accessPolicies().isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(2);
        for (AccessPolicy policy : route.accessPolicies()) {
            for (String name : policy.credentialHeaders()) {
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return List.copyOf(names);
    }

    private Map<String, String> withRequestId(IdentifiedRequest request, Map<String, String> headers) {
        String requestId = request.requestId();
        if (requestId == null) {
            return headers;
        }
        if (headers.isEmpty()) {
            return Map.of(edge.requestIdHeader(), requestId);
        }
        Map<String, String> all = new HashMap<>(headers);
        all.put(edge.requestIdHeader(), requestId);
        return Map.copyOf(all);
    }
}

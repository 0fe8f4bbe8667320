package io.gatehouse.proxy.observe;

/**
 * The proxy refused a request before any upstream saw it.
 *
 * @param requestId the request id, or null
 * @param routeId the route, or null when the refusal came before routing (global rules)
 * @param kind rate limit or access
 * @param status the status answered: 429, or 401 / 403 / 413
 */
public record Denied(String requestId, String routeId, Kind kind, int status) {

    /** Why. */
    public enum Kind {
        /** A token bucket or concurrency limit said no (429). */
        RATE_LIMIT,
        /** An allow/deny list, a request rule or an access policy said no (401, 403). */
        ACCESS
    }
}

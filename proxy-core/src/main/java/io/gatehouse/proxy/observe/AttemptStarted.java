package io.gatehouse.proxy.observe;

/**
 * An attempt was sent to an upstream.
 *
 * @param requestId the request id, or null when request ids are off
 * @param routeId the route
 * @param groupId the upstream group
 * @param upstreamId the upstream
 * @param number 1 for the first attempt, then 2, 3...
 * @param scheme the upstream's scheme ({@code http} or {@code https})
 * @param host the upstream's host
 * @param port the upstream's port
 * @param method the request method
 * @param target the upstream path (without the query, which may hold secrets)
 * @param startNanos the proxy's monotonic clock when it was sent
 * @param traceparent the W3C {@code traceparent} sent with it (the proxy's span of this attempt), or null
 * @param clientSpanId the span id of the client's {@code traceparent} (the parent of the proxy's span), or null
 */
public record AttemptStarted(String requestId, String routeId, String groupId, String upstreamId, int number,
                             String scheme, String host, int port, String method, String target, long startNanos,
                             String traceparent, String clientSpanId) {
}

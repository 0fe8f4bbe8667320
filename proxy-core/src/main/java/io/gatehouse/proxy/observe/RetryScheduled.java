package io.gatehouse.proxy.observe;

/**
 * The request is tried again.
 *
 * @param requestId the request id, or null
 * @param routeId the route
 * @param groupId the upstream group
 * @param failedUpstreamId the upstream of the attempt given up
 * @param attempt the number of the attempt given up
 * @param reason why, in words (the retry policy's reason)
 * @param delayNanos the back-off before the next attempt
 */
public record RetryScheduled(String requestId, String routeId, String groupId, String failedUpstreamId, int attempt,
                             String reason, long delayNanos) {
}

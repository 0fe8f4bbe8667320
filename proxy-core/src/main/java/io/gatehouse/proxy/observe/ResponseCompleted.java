package io.gatehouse.proxy.observe;

/**
 * The proxy's response to a request is complete: one per request, whatever happened.
 *
 * @param requestId the request id, or null when request ids are off
 * @param client the client's address (resolved through trusted proxies)
 * @param method the request method
 * @param path the raw path below the mount prefix, without the query (it may hold secrets)
 * @param routeId the route, or null when none matched
 * @param groupId the upstream group of the last attempt, or null when none was made
 * @param upstreamId the upstream of the last attempt, or null
 * @param status the status sent to the client (0 when the response was aborted before its head)
 * @param bytesIn the request body bytes read from the client
 * @param bytesOut the response body bytes written to the client
 * @param totalNanos from the request's arrival to the end of its response
 * @param upstreamNanos the time spent in attempts on upstreams, summed
 * @param attempts how many attempts were made
 * @param cacheStatus the cache's say, or null when the cache had none
 * @param source who answered
 */
public record ResponseCompleted(String requestId, String client, String method, String path, String routeId,
                                String groupId, String upstreamId, int status, long bytesIn, long bytesOut,
                                long totalNanos, long upstreamNanos, int attempts, CacheResult.CacheStatus cacheStatus,
                                Source source) {

    /** Who answered the client. */
    public enum Source {
        /** An upstream's response was relayed. */
        UPSTREAM,
        /** The cache answered from its store. */
        CACHE,
        /** The proxy answered itself: a problem (4xx/5xx) or its own answer (OPTIONS, PURGE...). */
        PROXY
    }
}

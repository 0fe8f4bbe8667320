package io.gatehouse.proxy.observe;

/**
 * A request arrived at the proxy.
 *
 * @param requestId the request id, or null when request ids are off
 * @param method the request method
 * @param path the raw path below the mount prefix (no query)
 * @param client the client's address (resolved through trusted proxies)
 */
public record RequestStarted(String requestId, String method, String path, String client) {
}

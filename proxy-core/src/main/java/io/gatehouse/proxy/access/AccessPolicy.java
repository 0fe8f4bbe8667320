package io.gatehouse.proxy.access;

import io.gatehouse.proxy.http.RequestView;
import java.util.List;

/**
 * Decides whether a request may reach a route's upstream: authentication (API key, Basic,
 * bearer token) or any other check on the request. Built-ins are on {@link AccessPolicies}.
 *
 * <p>Called once per request on the request thread, after the route's IP allow/deny lists;
 * {@link RequestView#clientAddress()} is the resolved client. It must be thread-safe and should
 * not block for long (a verifier that calls out should cache).
 */
@FunctionalInterface
public interface AccessPolicy {

    /** Allows the request, or denies it with a status and headers such as {@code WWW-Authenticate}. */
    Verdict check(RequestView request);

    /**
     * The request headers (lower case) this policy reads credentials from. Unless the route
     * forwards credentials, the proxy strips them from the proxy-to-server request, so a
     * secret meant for the proxy never reaches the upstream. Empty by default.
     */
    default List<String> credentialHeaders() {
        return List.of();
    }
}

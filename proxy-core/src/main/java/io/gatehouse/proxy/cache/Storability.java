package io.gatehouse.proxy.cache;

import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import java.util.Set;

/**
 * Whether a shared cache may store a response (RFC 9111 §3, §3.5, §5.2), as a pure function:
 * {@link #refusal} names the rule that forbids storing, or returns null.
 */
final class Storability {

    /**
     * The final status codes whose caching requirements this cache implements, for
     * {@code must-understand} (RFC 9111 §5.2.2.3): those RFC 9110 §15 defines (206 and 304 are
     * never stored, whatever the directive).
     */
    static final Set<Integer> UNDERSTOOD_STATUSES = Set.of(
            200, 201, 202, 203, 204, 205, 300, 301, 302, 303, 305, 307, 308,
            400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 426,
            500, 501, 502, 503, 504, 505);

    private Storability() {
    }

    /**
     * Why the response must not be stored, or null when it may be.
     *
     * @param request the client-to-proxy request
     * @param requestCc the request's parsed {@code Cache-Control}
     * @param head the server-to-proxy response head
     * @param cc the response's parsed {@code Cache-Control}
     * @param varyFields the response's secondary key fields ({@link SecondaryKey#fields})
     */
    static String refusal(RequestView request, CacheControl requestCc, ResponseHead head, CacheControl cc,
                          CachePolicy policy, List<String> varyFields) {
        if (!policy.storesAnything()) {
            return "the route's cache policy is never";
        }
        if (!request.method().equals("GET")) {
            return "method " + request.method() + ": only responses to GET are stored; HEAD is answered from a"
                    + " stored GET (RFC 9111 §3, §4.3.5)";
        }
        int status = head.status();
        if (status < 200) {
            return "status " + status + " is not final (RFC 9111 §3)";
        }
        if (status == 206) {
            return "status 206: partial content is not stored, only complete responses (RFC 9111 §3.3)";
        }
        if (status == 304) {
            return "status 304 only updates a stored response (RFC 9111 §4.3.4)";
        }
        if (requestCc.noStore) {
            return "request has Cache-Control: no-store (RFC 9111 §5.2.1.5)";
        }
        // §5.2.2.3 and §3: with must-understand, only a cache that understands the status code
        // may store the response, and that cache then ignores no-store.
        if (cc.mustUnderstand && !UNDERSTOOD_STATUSES.contains(status)) {
            return "response has Cache-Control: must-understand and status " + status
                    + ", whose caching requirements this cache does not know (RFC 9111 §5.2.2.3)";
        }
        if (cc.noStore && !cc.mustUnderstand) {
            return "response has Cache-Control: no-store (RFC 9111 §5.2.2.5)";
        }
        if (cc.privateUnqualified()) {
            return "response has Cache-Control: private (RFC 9111 §5.2.2.7)";
        }
        if (request.header("Authorization") != null && !(cc.isPublic || cc.sMaxAge != CacheControl.ABSENT
                || cc.mustRevalidate)) {
            return "request has Authorization and the response has none of public, s-maxage, must-revalidate"
                    + " (RFC 9111 §3.5)";
        }
        // Set-Cookie2 (RFC 2965, obsolete) sets a cookie just as Set-Cookie does: same rule.
        for (String field : List.of("Set-Cookie", "Set-Cookie2")) {
            if (head.has(field) && !policy.storesSetCookieResponses()) {
                return "response has " + field + " (allow with CachePolicy.builder().storeResponsesWithSetCookie(true))";
            }
        }
        if (varyFields == SecondaryKey.STAR) {
            return "response has Vary: *, which never matches a later request (RFC 9111 §4.1)";
        }
        if (!(cc.isPublic || Freshness.explicit(head, cc) || Freshness.HEURISTICALLY_CACHEABLE.contains(status))) {
            return "status " + status + " is not cacheable by default and the response has no explicit freshness"
                    + " or public (RFC 9111 §3)";
        }
        for (String name : policy.unkeyedRequestHeaders()) {
            if (request.header(name) != null && !varyFields.contains(name)) {
                return "request has " + name + ", which is not part of the cache key and may have shaped the"
                        + " response (add it with CachePolicy.builder().keyRequestHeaders(\"" + name + "\"))";
            }
        }
        return null;
    }
}

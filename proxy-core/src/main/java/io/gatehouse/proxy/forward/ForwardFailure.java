package io.gatehouse.proxy.forward;

import io.gatehouse.proxy.http.Problem;

/**
 * Why the proxy answered with an error of its own, by the leg or stage that failed, mapped to
 * a status and an RFC 9457 problem in one place. Details never name an upstream.
 */
public enum ForwardFailure {

    /** No route matched the request. */
    NO_ROUTE(404, "Not Found", "No route matches this request."),
    /** The route's group had no upstream to offer. */
    NO_UPSTREAM(503, "Service Unavailable", "No upstream server is available for this request."),
    /** The upstream refused or reset the connection before anything was sent. */
    CONNECT_FAILED(502, "Bad Gateway", "The upstream server could not be connected to."),
    /** Opening a connection to the upstream took longer than the route's connect timeout. */
    CONNECT_TIMEOUT(504, "Gateway Timeout", "The upstream server could not be reached in time."),
    /** The upstream did not send its response headers within the route's response timeout. */
    RESPONSE_TIMEOUT(504, "Gateway Timeout", "The upstream server did not answer in time."),
    /** The upstream connection was silent for longer than the route's idle timeout. */
    IDLE_TIMEOUT(504, "Gateway Timeout", "The upstream server stopped responding."),
    /** The upstream's response was broken or the connection failed during the exchange. */
    UPSTREAM_FAILED(502, "Bad Gateway", "The upstream server's response failed."),
    /**
     * The upstream's response cannot be relayed as HTTP: a status outside 100-599, a head the
     * parser rejects, or a transfer coding other than {@code chunked} alone (RFC 9112 §6.1; a
     * proxy cannot pass on a coding it does not know, nor decode it). Counted against the
     * upstream's passive health as {@link #UPSTREAM_FAILED}, but not retried: the upstream chose
     * to send it, and would likely send it again (nginx's default {@code proxy_next_upstream}
     * leaves out {@code invalid_header} too).
     */
    INVALID_RESPONSE(502, "Bad Gateway", "The upstream server sent a response this proxy cannot relay "
            + "(a status outside 100-599, a malformed head, or a transfer coding other than chunked)."),
    /**
     * Every available upstream is at its concurrency limit ({@code maxRequestsPerUpstream}); answered
     * with {@code Retry-After}.
     */
    UPSTREAMS_BUSY(503, "Service Unavailable", "Every upstream server is at its request limit; try again shortly."),
    /**
     * A pooled connection the upstream (or a middlebox) had closed while idle failed before any
     * response byte; the request is retried on a fresh connection where that is safe.
     */
    STALE_CONNECTION(502, "Bad Gateway", "The connection to the upstream server was closed before it answered."),
    /** The client's address is refused by an allow or deny list (global or the route's). */
    FORBIDDEN(403, "Forbidden", "Access from this address is not allowed."),
    /** {@code TRACE} (unless allowed) or {@code CONNECT}: never forwarded; answered with {@code Allow}. */
    METHOD_NOT_ALLOWED(405, "Method Not Allowed", "This method is not allowed here."),
    /** The request path could leave its route's prefix once the upstream decodes it ({@code http.PathSafety}). */
    UNSAFE_PATH(400, "Bad Request", "The request path is not allowed."),
    /** The request body is larger than the route accepts (declared, or counted while streaming). */
    CONTENT_TOO_LARGE(413, "Content Too Large", "The request body is larger than this resource accepts."),
    /** The request target is longer than the proxy accepts. */
    URI_TOO_LONG(414, "URI Too Long", "The request URI is longer than this server accepts."),
    /** The request line and headers are larger than the proxy accepts (RFC 6585 §5). */
    HEADERS_TOO_LARGE(431, "Request Header Fields Too Large", "The request headers are larger than this server accepts."),
    /** The client's request body failed while it was being forwarded. */
    CLIENT_REQUEST_FAILED(400, "Bad Request", "The request body could not be read."),
    /** The proxy could not forward the request for a reason of its own. */
    PROXY_ERROR(500, "Internal Server Error", "The proxy could not forward this request.");

    private final Problem problem;

    ForwardFailure(int status, String title, String detail) {
        this.problem = new Problem(status, title, detail);
    }

    /** The HTTP status the client gets. */
    public int status() {
        return problem.status();
    }

    /** The problem body the client gets. */
    public Problem problem() {
        return problem;
    }
}

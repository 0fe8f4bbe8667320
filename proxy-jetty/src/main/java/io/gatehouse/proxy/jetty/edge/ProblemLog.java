package io.gatehouse.proxy.jetty.edge;

import io.gatehouse.proxy.http.Problem;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator's log says about an error the proxy answers itself: every 5xx it makes (and
 * every response it aborts after its head for an upstream failure) is logged once, at WARN, by
 * {@link ProblemResponses}, with the request id, the route, the upstream and the cause. This is
 * the operator's log, not the client's body: the upstream's id and the exception may appear
 * here, never in the problem. 4xx problems are the client's business and are not logged here.
 * The cause's stack trace follows at DEBUG.
 *
 * @param requestId the request id, or null when request ids are off
 * @param clientToProxyRequest the request answered (its method and path are logged, not its query)
 * @param route the route's id, or null when none was chosen
 * @param upstream the id of the upstream of the last attempt, or null when none was tried
 * @param cause what went wrong: a {@link Throwable} or a text
 */
public record ProblemLog(String requestId, HttpServletRequest clientToProxyRequest, String route, String upstream,
                  Object cause) {

    private static final Logger LOG = LoggerFactory.getLogger("io.gatehouse.proxy.jetty.ProxyServlet");
    /** The most characters of an exception's message in the line; the whole one is in the DEBUG stack trace. */
    private static final int MESSAGE_LIMIT = 160;

    /** Logs the problem if it is the proxy's own 5xx; {@code aborted}: the response was cut off instead. */
    void write(Problem problem, boolean aborted) {
        if (problem.status() < 500 || !LOG.isWarnEnabled()) {
            return;
        }
        String method = clientToProxyRequest.getMethod();
        String path = clientToProxyRequest.getRequestURI();
        String id = requestId == null ? "-" : requestId;
        String routeId = route == null ? "-" : "'" + route + "'";
        String upstreamId = upstream == null ? "-" : "'" + upstream + "'";
        String why = cause instanceof Throwable t ? describe(t) : String.valueOf(cause);
        if (aborted) {
            LOG.warn("{} {} aborted after its response head ({} {}): request id {}, route {}, upstream {}: {}",
                    method, path, problem.status(), problem.title(), id, routeId, upstreamId, why);
        } else {
            LOG.warn("{} {} answered {} {}: request id {}, route {}, upstream {}: {}", method, path,
                    problem.status(), problem.title(), id, routeId, upstreamId, why);
        }
        if (cause instanceof Throwable t && LOG.isDebugEnabled()) {
            LOG.debug("request id {}: cause of the {}", id, problem.status(), t);
        }
    }

    /** The exception's class and the start of its message: Jetty's can hold a whole connection dump. */
    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        if (message == null) {
            return cause.getClass().getName();
        }
        return cause.getClass().getName() + ": "
                + (message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT) + "...");
    }
}

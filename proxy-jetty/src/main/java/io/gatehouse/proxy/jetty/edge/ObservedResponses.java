package io.gatehouse.proxy.jetty.edge;

import io.gatehouse.proxy.engine.Exchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.slf4j.MDC;

/**
 * The adapter's part of observation (ADR 0015): the figures of a response only the wire knows
 * (status sent, body bytes read and written, from Jetty's own counters), handed to the core's
 * {@link Exchange#responded} before it closes; and the request id in the SLF4J MDC
 * ({@value #MDC_KEY}) while a thread works on the request.
 */
public final class ObservedResponses {

    /** The MDC key of the request id. */
    public static final String MDC_KEY = "requestId";

    private ObservedResponses() {
    }

    /** Tells the exchange's observers the response is complete; nothing when there are none. */
    public static void responded(Exchange exchange, HttpServletRequest clientToProxyRequest,
                                 HttpServletResponse proxyToClientResponse) {
        if (!exchange.observed()) {
            return;
        }
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(clientToProxyRequest);
        ServletContextResponse response = ServletContextResponse.getServletContextResponse(proxyToClientResponse);
        long in = request == null ? 0 : Request.getContentBytesRead(request);
        long out = response == null ? 0 : Response.getContentBytesWritten(response);
        exchange.responded(proxyToClientResponse.getStatus(), in, out);
    }

    /**
     * Puts the request id in the MDC of this thread.
     *
     * @return whether it did (pass it to {@link #leave}); false when request ids are off
     */
    public static boolean enter(String requestId) {
        if (requestId == null || requestId.equals(MDC.get(MDC_KEY))) {
            return false; // off, or already there (a nested call leaves it to the outer one)
        }
        MDC.put(MDC_KEY, requestId);
        return true;
    }

    /** Takes the request id out of this thread's MDC, if {@link #enter} put it there. */
    public static void leave(boolean entered) {
        if (entered) {
            MDC.remove(MDC_KEY);
        }
    }
}

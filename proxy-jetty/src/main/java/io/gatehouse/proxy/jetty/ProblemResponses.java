package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.http.Problem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** Writes the proxy's own errors as RFC 9457 {@code application/problem+json}. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    /**
     * Writes the problem if nothing was committed yet, else aborts the client connection (a
     * half-sent response must not look complete). May block briefly: the body is small.
     *
     * @return whether the problem was written
     */
    static boolean send(HttpServletResponse proxyToClientResponse, Problem problem, Map<String, String> headers,
                        boolean streamingStarted) throws IOException {
        if (proxyToClientResponse.isCommitted() || streamingStarted) {
            proxyToClientResponse.sendError(-1);
            return false;
        }
        // Headers the host set before the proxy ran are the host's policy: keep HSTS across the reset.
        String hsts = proxyToClientResponse.getHeader("Strict-Transport-Security");
        proxyToClientResponse.reset();
        if (hsts != null) {
            proxyToClientResponse.setHeader("Strict-Transport-Security", hsts);
        }
        proxyToClientResponse.setStatus(problem.status());
        headers.forEach(proxyToClientResponse::setHeader);
        proxyToClientResponse.setHeader("Cache-Control", "no-store");
        proxyToClientResponse.setContentType(Problem.MEDIA_TYPE);
        byte[] body = problem.toJsonBytes();
        proxyToClientResponse.setContentLength(body.length);
        proxyToClientResponse.getOutputStream().write(body);
        return true;
    }
}

package io.gatehouse.proxy.jetty.edge;

import io.gatehouse.proxy.http.Grpc;
import io.gatehouse.proxy.http.Problem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the proxy's own errors as RFC 9457 {@code application/problem+json}; to a gRPC call
 * ({@code Content-Type: application/grpc}), as the gRPC status its client reads instead
 * ({@link #grpcError}).
 */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /**
     * Writes the problem if nothing was committed yet, else aborts the client connection (a
     * half-sent response must not look complete). Blocks until written: for servlets outside the
     * proxy's path (the admin pages); the proxy itself uses {@link #sendAsync}.
     *
     * @return whether the problem was written
     */
    public static boolean send(HttpServletResponse proxyToClientResponse, Problem problem, Map<String, String> headers,
                        boolean streamingStarted) throws IOException {
        return send(proxyToClientResponse, problem, headers, streamingStarted, null);
    }

    /** Like {@link #send(HttpServletResponse, Problem, Map, boolean)}, logging a 5xx with its context ({@link ProblemLog}). */
    public static boolean send(HttpServletResponse proxyToClientResponse, Problem problem, Map<String, String> headers,
                        boolean streamingStarted, ProblemLog log) throws IOException {
        byte[] body = prepare(proxyToClientResponse, problem, headers, streamingStarted, log);
        if (body == null) {
            return false;
        }
        proxyToClientResponse.getOutputStream().write(body);
        return true;
    }

    /**
     * Like {@link #send}, without blocking: for threads that must not wait on a client's socket
     * (jetty-client's, which serve every upstream connection). {@code done} completes when the
     * problem was written, or at once when the connection was aborted instead.
     */
    public static void sendAsync(HttpServletResponse proxyToClientResponse, Problem problem, Map<String, String> headers,
                          boolean streamingStarted, ProblemLog log, Callback done) {
        byte[] body;
        try {
            body = prepare(proxyToClientResponse, problem, headers, streamingStarted, log);
        } catch (IOException | RuntimeException e) {
            done.failed(e);
            return;
        }
        WholeBody.sendAsync(proxyToClientResponse, body == null ? null : ByteBuffer.wrap(body), done);
    }

    /**
     * Sets the problem's head on the response and returns its body, or null after aborting a
     * committed response; the one place where the proxy's own 5xx are logged ({@link ProblemLog}).
     */
    private static byte[] prepare(HttpServletResponse proxyToClientResponse, Problem problem, Map<String, String> headers,
                                  boolean streamingStarted, ProblemLog log) throws IOException {
        boolean abort = proxyToClientResponse.isCommitted() || streamingStarted;
        if (log != null) {
            log.write(problem, abort);
        }
        if (abort) {
            proxyToClientResponse.sendError(-1);
            return null;
        }
        // Headers the host set before the proxy ran are the host's policy: keep HSTS across the reset.
        String hsts = proxyToClientResponse.getHeader("Strict-Transport-Security");
        proxyToClientResponse.reset();
        if (hsts != null) {
            proxyToClientResponse.setHeader("Strict-Transport-Security", hsts);
        }
        if (grpcCall(proxyToClientResponse)) {
            return grpcError(proxyToClientResponse, problem, headers);
        }
        proxyToClientResponse.setStatus(problem.status());
        headers.forEach(proxyToClientResponse::setHeader);
        proxyToClientResponse.setHeader("Cache-Control", "no-store");
        proxyToClientResponse.setContentType(Problem.MEDIA_TYPE);
        byte[] body = problem.toJsonBytes();
        proxyToClientResponse.setContentLength(body.length);
        return body;
    }

    private static boolean grpcCall(HttpServletResponse proxyToClientResponse) {
        ServletContextResponse response = ServletContextResponse.getServletContextResponse(proxyToClientResponse);
        return response != null && Grpc.isGrpc(response.getRequest().getHeaders().get(HttpHeader.CONTENT_TYPE));
    }

    /**
     * A gRPC client reads a call's outcome from {@code grpc-status} and {@code grpc-message}, and
     * takes any HTTP status but 200, or a body that is not gRPC, as a broken call: the problem
     * goes out as a trailers-only response (PROTOCOL-HTTP2 of grpc/grpc: 200, {@code
     * application/grpc}, the status in the head, no body; one HEADERS frame over HTTP/2), e.g.
     * 14 {@code UNAVAILABLE} for a 502 or 503 and 4 {@code DEADLINE_EXCEEDED} for a 504
     * ({@link Grpc#statusFor}).
     */
    private static byte[] grpcError(HttpServletResponse proxyToClientResponse, Problem problem, Map<String, String> headers) {
        proxyToClientResponse.setStatus(200);
        headers.forEach(proxyToClientResponse::setHeader);
        proxyToClientResponse.setContentType("application/grpc");
        proxyToClientResponse.setHeader("grpc-status", Integer.toString(Grpc.statusFor(problem.status())));
        proxyToClientResponse.setHeader("grpc-message", Grpc.message(problem.detail() != null ? problem.detail()
                : problem.title()));
        return new byte[0];
    }
}

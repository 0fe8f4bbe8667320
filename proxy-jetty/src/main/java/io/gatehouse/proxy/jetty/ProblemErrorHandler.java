package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.http.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * A server error handler that answers the errors Jetty produces before a request reaches any
 * servlet (bad request lines, smuggling attempts, ambiguous paths, oversized headers) as RFC 9457
 * {@code application/problem+json} instead of an HTML page. The detail of a 4xx is Jetty's reason
 * (e.g. "Ambiguous URI path segment"); a 5xx has none, so no exception text or stack trace ever
 * reaches the client.
 *
 * <p>Install it with {@code server.setErrorHandler(new ProblemErrorHandler())}, or use
 * {@link EdgeServer}.
 */
public class ProblemErrorHandler extends ErrorHandler {

    /** Creates the handler; stack traces are off. */
    public ProblemErrorHandler() {
        setShowStacks(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        int status = code >= 400 && code <= 599 ? code : HttpStatus.INTERNAL_SERVER_ERROR_500;
        String title = HttpStatus.getMessage(status);
        // A 4xx reason is the parser's word on the client's request ("Ambiguous URI path segment");
        // a 5xx message may carry an exception's text, which must never reach the client.
        boolean clientError = status < 500 && cause == null;
        String detail = !clientError || message == null || message.isBlank() || message.equals(title) ? null : printable(message);
        byte[] body = new Problem(status, title, detail).toJsonBytes();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String printable(String message) {
        StringBuilder out = new StringBuilder(Math.min(message.length(), 200));
        for (int i = 0; i < message.length() && out.length() < 200; i++) {
            char c = message.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return out.toString();
    }
}

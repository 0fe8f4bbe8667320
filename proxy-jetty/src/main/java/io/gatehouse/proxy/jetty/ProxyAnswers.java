package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.engine.Decision;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the answers the proxy gives as a request's final recipient ({@link Decision.Answer}:
 * {@code OPTIONS} / {@code TRACE} with {@code Max-Forwards: 0}), without blocking the request's thread.
 */
final class ProxyAnswers {

    private ProxyAnswers() {
    }

    /** Writes the answer without blocking; {@code done} completes when it was written (or failed). */
    static void sendAsync(HttpServletResponse proxyToClientResponse, Decision.Answer answer, Callback done) {
        try {
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            proxyToClientResponse.setStatus(answer.status());
            answer.headers().forEach(proxyToClientResponse::setHeader);
            if (answer.contentType() != null) {
                proxyToClientResponse.setContentType(answer.contentType());
            }
            proxyToClientResponse.setContentLength(body.length);
            if (body.length > 0 && proxyToClientResponse.getOutputStream() instanceof HttpOutput output) {
                output.sendContent(ByteBuffer.wrap(body), done);
                return;
            }
            if (body.length > 0) {
                proxyToClientResponse.getOutputStream().write(body); // not Jetty's output: a wrapper's
            }
            done.succeeded();
        } catch (IOException | RuntimeException e) {
            done.failed(e);
        }
    }
}

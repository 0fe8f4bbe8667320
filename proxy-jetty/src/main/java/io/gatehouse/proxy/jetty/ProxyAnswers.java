package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.jetty.edge.WholeBody;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
        byte[] body;
        try {
            body = answer.body().getBytes(StandardCharsets.UTF_8);
            proxyToClientResponse.setStatus(answer.status());
            answer.headers().forEach(proxyToClientResponse::setHeader);
            if (answer.contentType() != null) {
                proxyToClientResponse.setContentType(answer.contentType());
            }
            proxyToClientResponse.setContentLength(body.length);
        } catch (RuntimeException e) {
            done.failed(e);
            return;
        }
        WholeBody.sendAsync(proxyToClientResponse, ByteBuffer.wrap(body), done);
    }
}

package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.engine.Decision;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the answers the proxy gives as a request's final recipient ({@link Decision.Answer}:
 * {@code OPTIONS} / {@code TRACE} with {@code Max-Forwards: 0}). Small bodies, written at once.
 */
final class ProxyAnswers {

    private ProxyAnswers() {
    }

    static void send(HttpServletResponse proxyToClientResponse, Decision.Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        proxyToClientResponse.setStatus(answer.status());
        answer.headers().forEach(proxyToClientResponse::setHeader);
        if (answer.contentType() != null) {
            proxyToClientResponse.setContentType(answer.contentType());
        }
        proxyToClientResponse.setContentLength(body.length);
        if (body.length > 0) {
            proxyToClientResponse.getOutputStream().write(body);
        }
    }
}

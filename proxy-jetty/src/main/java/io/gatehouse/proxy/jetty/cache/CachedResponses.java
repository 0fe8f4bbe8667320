package io.gatehouse.proxy.jetty.cache;

import io.gatehouse.proxy.cache.CacheDecision;
import io.gatehouse.proxy.jetty.edge.ClientResponseHeaders;
import io.gatehouse.proxy.jetty.edge.WholeBody;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.util.Callback;

/**
 * Writes a response the cache answers with ({@link CacheDecision.Serve}): its head exactly as
 * given (with {@code Age} and {@code Cache-Status}), the request's own extra headers, and the
 * stored body as one write, without blocking: a client that does not read holds no thread.
 */
public final class CachedResponses {

    private CachedResponses() {
    }

    /** Writes without blocking; {@code done} completes when the body was written. */
    public static void sendAsync(HttpServletResponse proxyToClientResponse, CacheDecision.Serve serve,
                          Map<String, String> extraHeaders, Callback done) {
        try {
            head(proxyToClientResponse, serve, extraHeaders);
        } catch (RuntimeException e) {
            done.failed(e);
            return;
        }
        ByteBuffer body = serve.body();
        WholeBody.sendAsync(proxyToClientResponse, body == null ? null : body.duplicate(), done);
    }

    private static void head(HttpServletResponse proxyToClientResponse, CacheDecision.Serve serve,
                             Map<String, String> extraHeaders) {
        ClientResponseHeaders.apply(proxyToClientResponse, serve.head(), null);
        extraHeaders.forEach(proxyToClientResponse::setHeader);
    }
}

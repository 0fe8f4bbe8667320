package io.gatehouse.proxy.jetty.compress;

import io.gatehouse.proxy.compress.CompressionDecision;
import io.gatehouse.proxy.compress.CompressionPolicy;
import io.gatehouse.proxy.engine.Exchange;
import io.gatehouse.proxy.http.HeaderValues;
import io.gatehouse.proxy.jetty.edge.BodyWriter;
import io.gatehouse.proxy.jetty.edge.ExchangeListener;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import org.eclipse.jetty.client.Response;

/**
 * Compresses responses that stream through the proxy (misses, uncacheable responses) when the
 * request's {@link Exchange#compression} (the configuration's {@link CompressionPolicy}) says so
 * for this client: sets {@code Content-Encoding: gzip},
 * drops {@code Content-Length}, adds {@code Vary: Accept-Encoding}, weakens a strong
 * {@code ETag}, and wraps the body writer in a {@link GzipBodyWriter}. Never compresses twice or
 * touches {@code Content-Range} responses (the policy refuses them).
 */
public final class CompressionListener implements ExchangeListener {

    private final Exchange exchange;

    public CompressionListener(Exchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public BodyWriter onResponseHead(Response serverToProxyResponse, HttpServletResponse proxyToClientResponse,
                                     BodyWriter writer) {
        long contentLength = HeaderValues.contentLength(proxyToClientResponse.getHeader("Content-Length"));
        CompressionDecision decision = exchange.compression(proxyToClientResponse.getStatus(),
                name -> new ArrayList<>(proxyToClientResponse.getHeaders(name)), contentLength);
        if (decision == null) {
            return writer;
        }
        String vary = decision.vary(new ArrayList<>(proxyToClientResponse.getHeaders("Vary")));
        if (vary != null) {
            proxyToClientResponse.setHeader("Vary", vary);
        }
        if (!decision.compress() || exchange.forward().request().method().equals("HEAD")) {
            return writer;
        }
        proxyToClientResponse.setHeader("Content-Encoding", decision.coding().token());
        proxyToClientResponse.setHeader("Content-Length", null);
        String etag = proxyToClientResponse.getHeader("ETag");
        if (etag != null) {
            proxyToClientResponse.setHeader("ETag", decision.etag(etag));
        }
        return new GzipBodyWriter(writer);
    }
}

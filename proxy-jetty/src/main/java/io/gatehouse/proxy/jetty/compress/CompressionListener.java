package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.compress.CompressionDecision;
import io.gatehouse.proxy.compress.CompressionPolicy;
import io.gatehouse.proxy.compress.ContentCoding;
import io.gatehouse.proxy.http.HeaderValues;
import io.gatehouse.proxy.http.RequestView;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.client.Response;

/**
 * Compresses responses that stream through the proxy (misses, uncacheable responses) when the
 * core's {@link CompressionPolicy} says so for this client: sets {@code Content-Encoding: gzip},
 * drops {@code Content-Length}, adds {@code Vary: Accept-Encoding}, weakens a strong
 * {@code ETag}, and wraps the body writer in a {@link GzipBodyWriter}. Never compresses twice or
 * touches {@code Content-Range} responses (the policy refuses them).
 */
final class CompressionListener implements ExchangeListener {

    private static final List<ContentCoding> AVAILABLE = List.of(ContentCoding.GZIP);

    private final CompressionPolicy policy;
    private final RequestView request;

    CompressionListener(CompressionPolicy policy, RequestView request) {
        this.policy = policy;
        this.request = request;
    }

    @Override
    public BodyWriter onResponseHead(Response serverToProxyResponse, HttpServletResponse proxyToClientResponse,
                                     BodyWriter writer) {
        long contentLength = HeaderValues.contentLength(proxyToClientResponse.getHeader("Content-Length"));
        CompressionDecision decision = policy.decide(request, proxyToClientResponse.getStatus(),
                name -> new ArrayList<>(proxyToClientResponse.getHeaders(name)), contentLength, AVAILABLE);
        String vary = decision.vary(new ArrayList<>(proxyToClientResponse.getHeaders("Vary")));
        if (vary != null) {
            proxyToClientResponse.setHeader("Vary", vary);
        }
        if (!decision.compress() || request.method().equals("HEAD")) {
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

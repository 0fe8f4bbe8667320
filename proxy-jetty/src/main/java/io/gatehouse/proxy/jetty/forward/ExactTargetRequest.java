package io.gatehouse.proxy.jetty.forward;

import io.gatehouse.proxy.engine.ForwardPlan;
import io.gatehouse.proxy.health.Endpoint;
import java.net.URI;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpConversation;
import org.eclipse.jetty.client.transport.HttpRequest;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpVersion;

/**
 * A proxy-to-server request whose query goes on the wire byte for byte as the client sent it,
 * as nginx and HAProxy pass it; it also carries where the upstream's 103 Early Hints go
 * ({@link InterimResponses}).
 *
 * <p>jetty-client's {@code Request.path("/p?query")} parses the target with
 * {@link java.net.URI}, which rejects what many servers accept in a query (a malformed escape
 * such as {@code %zz}, a lone {@code %}, {@code |} or {@code ^}); the whole target then stays
 * in the path, whose escapes the HTTP/1.1 sender decodes to normalise it, and the attempt failed
 * before a byte was sent (a 502 that blamed the upstream for the client's query). Here the path
 * is set alone and the raw query is returned as it is; the request line is
 * {@code path + "?" + query}, and {@link #getURI()} is null when {@code java.net.URI} cannot
 * hold the query (nothing on the proxy's path reads it).
 */
public final class ExactTargetRequest extends HttpRequest {

    private final String rawQuery;
    private final String upstreamOrigin;
    private volatile Consumer<HttpFields> earlyHints;
    private volatile boolean earlyHintsArrived;

    private ExactTargetRequest(HttpClient client, URI upstream, String upstreamOrigin, String rawQuery) {
        super(client, new HttpConversation(), upstream);
        this.rawQuery = rawQuery;
        this.upstreamOrigin = upstreamOrigin;
    }

    /** A request to the plan's upstream, with its raw path and query. */
    static ExactTargetRequest to(HttpClient client, ForwardPlan plan) {
        Endpoint upstream = plan.upstream();
        // An h2c:// upstream and an http:// one on the same address are two destinations.
        ExactTargetRequest request = new ExactTargetRequest(client, upstream.uri(),
                upstream.http2() ? "h2 " + upstream.origin() : upstream.origin(), plan.query());
        request.path(plan.path());
        if (upstream.http2()) {
            // Prior knowledge over cleartext (RFC 9113 §3.3), ALPN "h2" over TLS (§3.2).
            request.version(HttpVersion.HTTP_2);
        }
        return request;
    }

    /** The client this request is sent with. */
    HttpClient client() {
        return getHttpClient();
    }

    /**
     * The upstream's {@code scheme://host:port}, which this request's scheme, host and port are
     * (prefixed with {@code "h2 "} for an upstream spoken to over HTTP/2): a destination's key.
     */
    String upstreamOrigin() {
        return upstreamOrigin;
    }

    @Override
    public String getQuery() {
        return rawQuery;
    }

    /** Where the header fields of the upstream's 103 Early Hints responses go; none: they are dropped. */
    void onEarlyHints(Consumer<HttpFields> listener) {
        this.earlyHints = listener;
    }

    /** The interim response being read is a 103 (jetty-client tells its status and its fields apart). */
    void earlyHintsArrived() {
        earlyHintsArrived = true;
    }

    /** Hands the fields of the interim response just read to the listener, if it was a 103. */
    void interimRead(HttpFields fields) {
        Consumer<HttpFields> listener = earlyHints;
        if (earlyHintsArrived && listener != null) {
            listener.accept(fields);
        }
        earlyHintsArrived = false;
    }
}

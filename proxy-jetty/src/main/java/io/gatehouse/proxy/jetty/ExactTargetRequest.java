package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.forward.ForwardPlan;
import java.net.URI;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpConversation;
import org.eclipse.jetty.client.transport.HttpRequest;

/**
 * A proxy-to-server request whose query goes on the wire byte for byte as the client sent it,
 * as nginx and HAProxy pass it.
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
final class ExactTargetRequest extends HttpRequest {

    private final String rawQuery;

    private ExactTargetRequest(HttpClient client, URI upstream, String rawQuery) {
        super(client, new HttpConversation(), upstream);
        this.rawQuery = rawQuery;
    }

    /** A request to the plan's upstream, with its raw path and query. */
    static Request to(HttpClient client, ForwardPlan plan) {
        return new ExactTargetRequest(client, plan.upstream().uri(), plan.query()).path(plan.path());
    }

    @Override
    public String getQuery() {
        return rawQuery;
    }
}

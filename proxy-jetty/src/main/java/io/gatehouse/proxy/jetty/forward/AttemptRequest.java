package io.gatehouse.proxy.jetty.forward;

import io.gatehouse.proxy.engine.Attempt;
import io.gatehouse.proxy.engine.Exchange;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The proxy-to-server request of one attempt the core's {@link Exchange} decided
 * ({@link Exchange.Send}), built the same way for a client's request ({@link ForwardExchange})
 * and for a background refresh ({@link BackgroundRefresh}): the attempt's upstream and raw path
 * and query ({@link ExactTargetRequest}), the method, the request headers as the edge edits them,
 * the cache's validators on a revalidation, a fresh connection when the attempt asks for one, and
 * the route's timeouts. The caller adds its body and listeners, then sends it through
 * {@link UpstreamDestinations}.
 */
public final class AttemptRequest {

    /**
     * The jetty-client destination tag of attempts that must not reuse a pooled connection. Such
     * attempts also send {@code Connection: close}, so the tagged destination never pools a
     * connection either: each one is new (a pooled one could be as stale as the one that failed).
     */
    static final String FRESH_CONNECTION_TAG = "gatehouse-fresh-connection";

    private AttemptRequest() {
    }

    /**
     * @param method the request method ({@code GET} for a refresh)
     * @param upstreamHeaders the request headers as the edge edits them ({@link UpstreamRequestHeaders})
     */
    static ExactTargetRequest build(UpstreamDestinations destinations, Exchange.Send step, String method,
                                    HttpFields upstreamHeaders) {
        Attempt attempt = step.attempt();
        HttpClient client = destinations.clientFor(attempt.plan().upstream());
        ExactTargetRequest request = ExactTargetRequest.to(client, attempt.plan());
        request.method(method).headers(headers -> headers.add(upstreamHeaders));
        if (!step.removedHeaders().isEmpty() || !step.addedHeaders().isEmpty()) {
            // A revalidation: the cache's validators replace the client's (RFC 9111 §4.3.1).
            request.headers(headers -> {
                step.removedHeaders().forEach(headers::remove);
                step.addedHeaders().forEach(header -> headers.put(header.name(), header.value()));
            });
        }
        if (attempt.freshConnection()) {
            request.tag(FRESH_CONNECTION_TAG)
                    .headers(headers -> headers.put(HttpHeader.CONNECTION, "close"));
        }
        UpstreamTimeouts.apply(request, attempt.plan().route(), client.getScheduler(), client.getConnectTimeout(),
                client.getIdleTimeout());
        return request;
    }
}

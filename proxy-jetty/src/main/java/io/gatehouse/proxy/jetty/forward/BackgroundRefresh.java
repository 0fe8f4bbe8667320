package io.gatehouse.proxy.jetty.forward;

import io.gatehouse.proxy.engine.Exchange;
import io.gatehouse.proxy.jetty.edge.ClientResponseHeaders;
import io.gatehouse.proxy.resilience.BodyState;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * The I/O of a revalidation no client waits for (stale-while-revalidate, RFC 5861 §3): a
 * {@code GET} of the same target, with the client's request headers as the edge edits them,
 * forwarded like any request: its attempt is the core's {@link Exchange}'s (balancer, passive
 * health, the cache's say on the head, its store at the end), its proxy-to-server request is built
 * by {@link AttemptRequest} and sent through {@link UpstreamDestinations} as a client's is; only
 * its sink differs: the response goes to the cache, not to a client. Not retried: the client's
 * request it copies is recycled once answered, so a later balancer pick could not read it. One
 * instance per attempt.
 */
public final class BackgroundRefresh implements Response.Listener {

    private final UpstreamDestinations destinations;
    private final Exchange exchange;
    private final Exchange.Send step;
    private final HttpFields headers;
    private final String publicOrigin;
    private final String via;
    private volatile boolean begun;
    private volatile boolean discarded;

    private BackgroundRefresh(UpstreamDestinations destinations, Exchange exchange, Exchange.Send step, HttpFields headers,
                              String publicOrigin, String via) {
        this.destinations = destinations;
        this.exchange = exchange;
        this.step = step;
        this.headers = headers;
        this.publicOrigin = publicOrigin;
        this.via = via;
    }

    /**
     * Starts the refresh; returns at once. {@code headers} must be built before the client's
     * request is recycled (i.e. before its response completes).
     *
     * @param exchange the refresh's exchange ({@link Exchange.Serve#refresh()})
     */
    public static void start(UpstreamDestinations destinations, Exchange exchange, HttpFields headers, String publicOrigin,
                      String via) {
        Exchange.Send first = exchange.refreshAttempt();
        if (first != null) {
            new BackgroundRefresh(destinations, exchange, first, headers, publicOrigin, via).send();
        }
    }

    private void send() {
        destinations.send(AttemptRequest.build(destinations, step, "GET", headers)
                .onRequestBegin(r -> begun = true), this);
    }

    @Override
    public void onHeaders(Response serverToProxyResponse) {
        Exchange.Step next = exchange.onResponseHead(step.attempt(), serverToProxyResponse.getStatus(),
                serverToProxyResponse.getHeaders().get(HttpHeader.RETRY_AFTER), bodyState(),
                () -> ClientResponseHeaders.head(() -> publicOrigin, serverToProxyResponse, step.attempt().plan(), via));
        if (next instanceof Exchange.Retry retry) {
            discarded = true;
            serverToProxyResponse.abort(new IllegalStateException("retrying"));
            retryAfter(retry);
        } else if (!(next instanceof Exchange.Relay)) {
            // The cache answered itself (a 304 validated the stored response): nothing more to read.
            discarded = true;
            exchange.close();
        }
    }

    @Override
    public void onContent(Response serverToProxyResponse, Content.Chunk chunk, Runnable demander) {
        if (!discarded && exchange.storing()) {
            exchange.tee(chunk.getByteBuffer().asReadOnlyBuffer());
        }
        demander.run();
    }

    @Override
    public void onComplete(Result result) {
        if (discarded) {
            return;
        }
        if (result.isSucceeded()) {
            exchange.onComplete(step.attempt(), result.getResponse().getStatus());
            exchange.close();
            return;
        }
        Exchange.Step next = exchange.onFailure(step.attempt(), FailureClassifier.classify(result.getFailure(), begun),
                bodyState(), false);
        if (next instanceof Exchange.Retry retry) {
            retryAfter(retry);
        } else {
            exchange.close();
        }
    }

    private BodyState bodyState() {
        return begun ? BodyState.REPLAYABLE : BodyState.NOT_SENT;
    }

    private void retryAfter(Exchange.Retry retry) {
        long delay = retry.decision().delay().toNanos();
        if (delay <= 0) {
            retry();
        } else {
            destinations.client().getScheduler().schedule(this::retry, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void retry() {
        if (exchange.retry() instanceof Exchange.Send next) {
            new BackgroundRefresh(destinations, exchange, next, headers, publicOrigin, via).send();
        } else {
            exchange.close();
        }
    }
}

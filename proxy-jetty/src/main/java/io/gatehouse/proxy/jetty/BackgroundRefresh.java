package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.cache.CacheExchange;
import io.gatehouse.proxy.cache.ResponsePlan;
import io.gatehouse.proxy.engine.Attempt;
import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.engine.Failover;
import io.gatehouse.proxy.engine.ProxyEngine;
import io.gatehouse.proxy.health.Outcome;
import java.nio.ByteBuffer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;

/**
 * A revalidation no client waits for (stale-while-revalidate, RFC 5861 §3): a {@code GET} of the
 * same target, with the client's request headers as the exchange edits them, whose response goes
 * to the cache only. One attempt; its outcome feeds the upstream's health like any other.
 */
final class BackgroundRefresh implements Response.Listener {

    private final CacheExchange exchange;
    private final Attempt attempt;
    private final Failover failover;
    private final String publicOrigin;
    private final String via;
    private volatile boolean storing;

    private BackgroundRefresh(CacheExchange exchange, Attempt attempt, Failover failover, String publicOrigin, String via) {
        this.exchange = exchange;
        this.attempt = attempt;
        this.failover = failover;
        this.publicOrigin = publicOrigin;
        this.via = via;
    }

    /**
     * Starts the refresh; returns at once. {@code headers} must be built before the client's
     * request is recycled (i.e. before its response completes).
     */
    static void start(HttpClient client, ProxyEngine engine, Decision.Forward forward, HttpFields headers,
                      CacheExchange exchange, String publicOrigin, String via) {
        Failover failover = engine.failover(forward.plan(), forward.request());
        Attempt attempt = failover.first();
        if (attempt == null) {
            failover.close();
            exchange.onFailure();
            return;
        }
        Request request = ExactTargetRequest.to(client, attempt.plan())
                .method(HttpMethod.GET)
                .headers(h -> {
                    h.add(headers);
                    exchange.upstreamHeadersToRemove().forEach(h::remove);
                    exchange.upstreamHeadersToAdd().forEach(header -> h.put(header.name(), header.value()));
                });
        UpstreamTimeouts.apply(request, attempt.plan().route(), client.getScheduler(), client.getConnectTimeout(),
                client.getIdleTimeout());
        request.send(new BackgroundRefresh(exchange, attempt, failover, publicOrigin, via));
    }

    @Override
    public void onHeaders(Response serverToProxyResponse) {
        attempt.headReceived();
        ResponsePlan plan = exchange.onResponse(
                ClientResponseHeaders.head(() -> publicOrigin, serverToProxyResponse, attempt.plan(), via));
        storing = plan instanceof ResponsePlan.Pass pass && pass.store().store();
    }

    @Override
    public void onContent(Response serverToProxyResponse, Content.Chunk chunk, Runnable demander) {
        if (storing) {
            ByteBuffer view = chunk.getByteBuffer().asReadOnlyBuffer();
            storing = exchange.onContent(view);
        }
        demander.run();
    }

    @Override
    public void onComplete(Result result) {
        try {
            if (result.isSucceeded()) {
                attempt.complete(Outcome.response(result.getResponse().getStatus()));
                exchange.onComplete();
            } else {
                attempt.complete(Outcome.failure(FailureClassifier.classify(result.getFailure(), true)));
                exchange.onFailure();
            }
        } finally {
            failover.close();
        }
    }
}

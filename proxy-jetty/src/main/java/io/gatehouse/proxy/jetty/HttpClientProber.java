package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.health.Endpoint;
import io.gatehouse.proxy.health.HealthCheck;
import io.gatehouse.proxy.health.HealthProber;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Active health checks over the proxy's shared client: a {@code GET} of the check path below the
 * upstream's base path, with the upstream's own {@code Host}, the check's timeout, body discarded.
 * Never blocks: it starts the request and returns.
 */
final class HttpClientProber implements HealthProber {

    private final HttpClient client;
    private final Supplier<HttpClient> http2;

    /** @param http2 the client of upstreams spoken to over HTTP/2, asked for on first use */
    HttpClientProber(HttpClient client, Supplier<HttpClient> http2) {
        this.client = client;
        this.http2 = http2;
    }

    @Override
    public CompletionStage<Integer> probe(Endpoint upstream, HealthCheck check) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        try {
            Request request = upstream.http2()
                    ? http2.get().newRequest(upstream.uri()).version(HttpVersion.HTTP_2)
                    : client.newRequest(upstream.uri());
            request
                    .path(upstream.basePath() + check.path())
                    .method(HttpMethod.GET)
                    .timeout(check.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .send(result -> {
                        if (result.isSucceeded()) {
                            status.complete(result.getResponse().getStatus());
                        } else {
                            status.completeExceptionally(result.getFailure());
                        }
                    });
        } catch (RuntimeException e) {
            status.completeExceptionally(e);
        }
        return status;
    }
}

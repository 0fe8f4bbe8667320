package io.gatehouse.proxy.jetty.forward;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import io.gatehouse.proxy.health.Endpoint;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;

/**
 * Sends proxy-to-server requests to their jetty-client {@link Destination} without going
 * through {@link HttpClient#resolveDestination(Origin)} on every request.
 *
 * <p>{@code Request.send} resolves the destination each time with
 * {@code ConcurrentHashMap.compute}, which locks the map bin of the origin (and, inside it, the
 * destination's stale-check lock) even when the destination exists. Every request to one
 * upstream then queues on the same monitor: under load on two cores a thread preempted while
 * holding it stalls the others for a time slice (JFR showed it as the most contended monitor of
 * the proxy). Destinations only go stale when the client sweeps idle ones
 * ({@link HttpClient#setDestinationIdleTimeout}, off by default), so while that is off a
 * destination once resolved is reused from a lock-free map; with it on, or with a redirect
 * cache, every request takes jetty-client's own path.
 */
public final class UpstreamDestinations {

    private final HttpClient client;
    private final Supplier<HttpClient> http2;
    private final ConcurrentMap<Origin, Destination> resolved = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Destination> byUpstream = new ConcurrentHashMap<>();

    /** Destinations of HTTP/1.1 upstreams only. */
    public UpstreamDestinations(HttpClient client) {
        this(client, () -> {
            throw new IllegalStateException("no HTTP/2 upstream client");
        });
    }

    /**
     * @param client the HTTP/1.1 upstreams' client
     * @param http2 the client of the upstreams spoken to over HTTP/2 ({@code h2c://}, {@code h2://}), asked for on first use
     */
    public UpstreamDestinations(HttpClient client, Supplier<HttpClient> http2) {
        this.client = client;
        this.http2 = http2;
    }

    /** The HTTP/1.1 client (also the scheduler of retries). */
    HttpClient client() {
        return client;
    }

    /** The client that speaks to {@code upstream}: the HTTP/2 one for {@code h2c://} and {@code h2://} upstreams. */
    HttpClient clientFor(Endpoint upstream) {
        return upstream.http2() ? http2.get() : client;
    }

    /** Sends {@code request}; failures, including one to resolve the destination, reach {@code listener}. */
    void send(Request request, Response.CompleteListener listener) {
        HttpClient client = clientOf(request);
        if (client.getDestinationIdleTimeout() > 0 || client.getRedirectCache() != null) {
            request.send(listener);
            return;
        }
        Destination destination;
        try {
            destination = destination(request);
        } catch (RuntimeException e) {
            request.send(listener); // jetty-client reports the failure to the listener
            return;
        }
        try {
            destination.send(request, listener);
        } catch (RuntimeException e) {
            request.abort(e);
        }
    }

    private HttpClient clientOf(Request request) {
        return request instanceof ExactTargetRequest exact ? exact.client() : client;
    }

    private Destination destination(Request request) {
        // A request to a configured upstream, untagged: its destination by the upstream's origin
        // string, without a new jetty-client Origin (and its address and protocol) per request.
        String upstream = request instanceof ExactTargetRequest exact && request.getTag() == null
                ? exact.upstreamOrigin() : null;
        if (upstream != null) {
            Destination destination = byUpstream.get(upstream);
            if (destination != null) {
                return destination;
            }
        }
        HttpClient client = clientOf(request);
        Origin origin = client.getHttpClientTransport().newOrigin(request);
        Destination destination = resolved.get(origin);
        if (destination == null) {
            destination = client.resolveDestination(origin);
            resolved.put(origin, destination);
        }
        if (upstream != null) {
            byUpstream.put(upstream, destination);
        }
        return destination;
    }
}

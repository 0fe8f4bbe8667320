package io.gatehouse.proxy.jetty.forward;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
    private final ConcurrentMap<Origin, Destination> resolved = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Destination> byUpstream = new ConcurrentHashMap<>();

    public UpstreamDestinations(HttpClient client) {
        this.client = client;
    }

    HttpClient client() {
        return client;
    }

    /** Sends {@code request}; failures, including one to resolve the destination, reach {@code listener}. */
    void send(Request request, Response.CompleteListener listener) {
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

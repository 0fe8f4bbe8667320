package io.gatehouse.proxy.jetty.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.server.Request;

/**
 * Requests, errors and cache results per route since the proxy started: what the status page
 * turns into a request rate, an error rate and a hit ratio (it polls the totals and divides the
 * differences by the time between two polls).
 *
 * <p>Fed once per completed request by the proxy servlet, and only while an admin servlet is
 * mounted on it ({@link #watch}); otherwise the proxy does not count at all. {@link #completed}
 * has the shape of a "response completed" listener method, so that these counters can become a
 * listener of the core's observe SPI once it exists, without changing the API that reads them.
 * Thread-safe; counting is a {@link LongAdder} increment per figure.
 */
public final class RouteTraffic {

    /** The route id under which requests answered before a route was chosen are counted (404, 403, 429...). */
    public static final String UNROUTED = "";

    /** What the cache did for one response, from its {@code Cache-Status} (RFC 9211). */
    public enum CacheResult {
        /** No member of this proxy's cache: the route stores nothing, or the cache was not asked. */
        NONE,
        /** Answered from the cache ({@code hit}, RFC 9211 §2.1). */
        HIT,
        /** Forwarded by the cache ({@code fwd=...}, RFC 9211 §2.2): a miss, a validation or a refresh. */
        MISS
    }

    /** The totals of one route. */
    static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder cacheHits = new LongAdder();
        final LongAdder cacheMisses = new LongAdder();

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("requests", requests.sum());
            json.put("errors", errors.sum());
            json.put("cacheHits", cacheHits.sum());
            json.put("cacheMisses", cacheMisses.sum());
            return json;
        }
    }

    private static final Counters NONE = new Counters();

    private final ConcurrentHashMap<String, Counters> routes = new ConcurrentHashMap<>();
    private final Supplier<String> cacheName;

    /**
     * @param cacheName the name the proxy's cache gives itself in {@code Cache-Status} (read per
     *     request, so a new configuration's cache is recognised), or a supplier of null without a cache
     */
    public RouteTraffic(Supplier<String> cacheName) {
        this.cacheName = cacheName;
    }

    /**
     * Counts the request when the server completes it (Jetty's completion of the whole exchange
     * with the client): its route, read then, its final status and its {@code Cache-Status}.
     * Called on the request thread at the start of {@code service()}; costs one listener per request.
     *
     * @param clientToProxyRequest the request, served by a Jetty ee10 servlet context
     * @param route the id of the request's route once known, or null when it never got one
     */
    public void watch(HttpServletRequest clientToProxyRequest, Supplier<String> route) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(clientToProxyRequest);
        if (request == null) {
            return;
        }
        Request.addCompletionListener(request, failure -> {
            ServletContextResponse response = request.getServletContextResponse();
            String member = response.getHeaders().get("Cache-Status");
            completed(route.get(), response.getStatus(), failure != null, cacheResult(member, cacheName.get()));
        });
    }

    /**
     * One response completed.
     *
     * @param routeId the route, or null when the request was answered before a route was chosen
     * @param status the status sent to the client
     * @param failed whether the exchange with the client failed (reset, aborted response): an error whatever the status
     * @param cache what the cache did
     */
    public void completed(String routeId, int status, boolean failed, CacheResult cache) {
        Counters counters = routes.computeIfAbsent(routeId == null ? UNROUTED : routeId, id -> new Counters());
        counters.requests.increment();
        if (failed || status >= 500) {
            counters.errors.increment();
        }
        if (cache == CacheResult.HIT) {
            counters.cacheHits.increment();
        } else if (cache == CacheResult.MISS) {
            counters.cacheMisses.increment();
        }
    }

    /** The totals of a route (zeros when it saw no request). */
    Map<String, Object> json(String routeId) {
        return routes.getOrDefault(routeId, NONE).json();
    }

    /** The totals of every route, and of all of them together under {@code "total"}. */
    Map<String, Long> totals() {
        long requests = 0;
        long errors = 0;
        long hits = 0;
        long misses = 0;
        for (Counters c : routes.values()) {
            requests += c.requests.sum();
            errors += c.errors.sum();
            hits += c.cacheHits.sum();
            misses += c.cacheMisses.sum();
        }
        Map<String, Long> json = new LinkedHashMap<>();
        json.put("requests", requests);
        json.put("errors", errors);
        json.put("cacheHits", hits);
        json.put("cacheMisses", misses);
        return json;
    }

    /**
     * Reads this proxy's member of a {@code Cache-Status} field (RFC 9211 §2: each cache appends
     * its own, so ours is the last one bearing our name): {@code hit}, else {@code fwd=...}.
     */
    static CacheResult cacheResult(String field, String name) {
        if (field == null || name == null) {
            return CacheResult.NONE;
        }
        String[] members = field.split(",");
        for (int i = members.length - 1; i >= 0; i--) {
            String[] parts = members[i].split(";");
            if (!parts[0].trim().equals(name)) {
                continue;
            }
            for (int p = 1; p < parts.length; p++) {
                String param = parts[p].trim();
                if (param.equals("hit")) {
                    return CacheResult.HIT;
                }
                if (param.startsWith("fwd=")) {
                    return CacheResult.MISS;
                }
            }
            return CacheResult.NONE;
        }
        return CacheResult.NONE;
    }
}

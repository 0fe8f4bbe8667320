package io.gatehouse.proxy.jetty.admin;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.Upstream;
import io.gatehouse.proxy.UpstreamGroup;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.engine.ProxyEngine;
import io.gatehouse.proxy.health.UpstreamRegistry;
import io.gatehouse.proxy.health.UpstreamStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's documents, as maps and lists of strings, numbers and booleans ready for the
 * JSON writer: the routes with their traffic, the groups with each upstream's runtime state, the
 * cache's figures, the configuration in force. Read from one engine (the one in force when the
 * request came), so every part of one answer belongs to the same configuration.
 */
final class AdminSnapshot {

    private final ProxyEngine engine;
    private final ProxyConfig config;
    private final RouteTraffic traffic;

    AdminSnapshot(ProxyEngine engine, RouteTraffic traffic) {
        this.engine = engine;
        this.config = engine.config();
        this.traffic = traffic;
    }

    /** Everything the status page shows, in one document (one poll). */
    Map<String, Object> status() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("routes", routes());
        json.put("unrouted", traffic.json(RouteTraffic.UNROUTED));
        json.put("total", traffic.totals());
        json.put("groups", groups());
        json.put("cache", cache());
        return json;
    }

    /** Each route: how it matches, where it goes, and its traffic totals. */
    List<Object> routes() {
        List<Object> routes = new ArrayList<>();
        for (Route route : config.routes()) {
            Map<String, Object> json = route(route);
            json.put("traffic", traffic.json(route.id()));
            routes.add(json);
        }
        return routes;
    }

    /** Each group with its upstreams' runtime state (health, in-flight, latency, ejections). */
    List<Object> groups() {
        UpstreamRegistry registry = engine.upstreams();
        List<Object> groups = new ArrayList<>();
        for (UpstreamGroup group : config.upstreamGroups().values()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", group.id());
            json.put("loadBalancer", group.loadBalancer().toString());
            json.put("healthCheck", group.healthCheck() == null ? null : group.healthCheck().toString());
            List<Object> upstreams = new ArrayList<>();
            int available = 0;
            for (Upstream upstream : group.upstreams()) {
                UpstreamStatus status = registry.status(group.id(), upstream.id());
                if (status == null) {
                    continue;
                }
                if (status.available()) {
                    available++;
                }
                upstreams.add(upstream(upstream, status));
            }
            json.put("available", available);
            json.put("upstreams", upstreams);
            groups.add(json);
        }
        return groups;
    }

    /** The cache's size and, from the responses' {@code Cache-Status}, its hits and misses. */
    Map<String, Object> cache() {
        HttpCache cache = config.httpCache();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("enabled", cache != null);
        if (cache == null) {
            return json;
        }
        Map<String, Long> totals = traffic.totals();
        long hits = totals.get("cacheHits");
        long misses = totals.get("cacheMisses");
        json.put("name", cache.name());
        json.put("entries", cache.size());
        json.put("bytes", cache.weightedSize());
        json.put("maxObjectBytes", cache.maxObjectBytes());
        json.put("hits", hits);
        json.put("misses", misses);
        json.put("hitRatio", hits + misses == 0 ? null : (double) hits / (hits + misses));
        json.put("purgeMethod", cache.purgeMethod() != null);
        return json;
    }

    /** The configuration in force: its one-line summary, then every route and group as configured. */
    Map<String, Object> config(String summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("summary", summary);
        json.put("via", config.via());
        json.put("maxConnectionsPerUpstream", config.maxConnectionsPerUpstream());
        json.put("upstreamIdleTimeout", config.upstreamIdleTimeout().toString());
        json.put("compression", config.compression() == null ? null : config.compression().toString());
        List<Object> routes = new ArrayList<>();
        for (Route route : config.routes()) {
            Map<String, Object> r = route(route);
            r.put("connectTimeout", text(route.connectTimeout()));
            r.put("responseTimeout", text(route.responseTimeout()));
            r.put("idleTimeout", text(route.idleTimeout()));
            r.put("retry", route.retry().toString());
            r.put("maxBodySize", route.maxBodySize());
            routes.add(r);
        }
        json.put("routes", routes);
        List<Object> groups = new ArrayList<>();
        for (UpstreamGroup group : config.upstreamGroups().values()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("id", group.id());
            g.put("loadBalancer", group.loadBalancer().toString());
            g.put("healthCheck", group.healthCheck() == null ? null : group.healthCheck().toString());
            g.put("outlierDetection", group.outlierDetection().toString());
            g.put("slowStart", text(group.slowStart()));
            g.put("panicMode", group.panicMode());
            g.put("maxRequestsPerUpstream", group.maxRequestsPerUpstream());
            List<Object> upstreams = new ArrayList<>();
            for (Upstream upstream : group.upstreams()) {
                Map<String, Object> u = new LinkedHashMap<>();
                u.put("id", upstream.id());
                u.put("uri", upstream.origin() + upstream.basePath());
                u.put("weight", upstream.weight());
                upstreams.add(u);
            }
            g.put("upstreams", upstreams);
            groups.add(g);
        }
        json.put("groups", groups);
        return json;
    }

    private static Map<String, Object> route(Route route) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", route.id());
        json.put("path", route.path().toString());
        json.put("hosts", route.hosts().stream().map(Object::toString).toList());
        json.put("methods", List.copyOf(route.methods()));
        json.put("groups", List.copyOf(route.upstreamGroups()));
        json.put("cache", route.cache().toString());
        return json;
    }

    private static Map<String, Object> upstream(Upstream upstream, UpstreamStatus status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", upstream.id());
        json.put("uri", upstream.origin() + upstream.basePath());
        json.put("weight", upstream.weight());
        json.put("health", status.health().name());
        json.put("available", status.available());
        json.put("reason", status.reason());
        json.put("inFlight", status.inFlight());
        json.put("latencyMillis", status.latency().toNanos() / 1e6);
        json.put("consecutiveFailures", status.consecutiveFailures());
        json.put("ejections", status.ejections());
        json.put("ejectedForMillis", status.ejectedFor().toMillis());
        json.put("weightFactor", status.weightFactor());
        return json;
    }

    private static String text(Duration duration) {
        return duration == null ? null : duration.toString();
    }
}

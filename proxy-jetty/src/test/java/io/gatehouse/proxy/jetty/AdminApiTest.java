package io.gatehouse.proxy.jetty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.resilience.RetryPolicy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

/**
 * The admin API through a real server: its JSON parsed and asserted (routes with the traffic the
 * test sent, groups with upstream health, the cache's hits and misses, the configuration in
 * force), purges by URI, prefix and body, and the access policy refusing clients it does not
 * allow with a 403 problem: by the socket peer (a socket bound to 127.0.0.2) and by the address a
 * trusted forwarder names.
 */
class AdminApiTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void statusShowsRoutesWithTheirTrafficAndUpstreamsWithTheirHealth() throws Exception {
        try (Backend ok = Backend.ok("fine");
             Backend broken = Backend.start(seen -> Backend.Reply.text(500, "boom"));
             AdminUnderTest admin = AdminUnderTest.start(ProxyConfig.builder()
                     .upstreamGroup("web", g -> g.upstream(ok.uri().toString(), u -> u.id("web-1")))
                     .upstreamGroup("flaky", g -> g.upstream(broken.uri().toString(), u -> u.id("flaky-1")))
                     .route("web", r -> r.pathPrefix("/web").to("web"))
                     .route("flaky", r -> r.pathPrefix("/flaky").retry(RetryPolicy.none()).to("flaky"))
                     .build())) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, admin.get("/api/web/" + i).statusCode());
            }
            assertEquals(500, admin.get("/api/flaky/x").statusCode());
            assertEquals(404, admin.get("/api/nowhere").statusCode());

            // Counted when the server completes each exchange, which may be just after the client has its response.
            await().atMost(WAIT).until(() -> traffic(admin.json("/admin/api/status"), "flaky").get("requests").equals(1L));
            Map<String, Object> status = admin.json("/admin/api/status");
            assertEquals(Map.of("requests", 3L, "errors", 0L, "cacheHits", 0L, "cacheMisses", 0L), traffic(status, "web"));
            assertEquals(Map.of("requests", 1L, "errors", 1L, "cacheHits", 0L, "cacheMisses", 0L), traffic(status, "flaky"));
            assertEquals(1L, map(status.get("unrouted")).get("requests"), "the 404 had no route");
            assertEquals(5L, map(status.get("total")).get("requests"));

            Map<String, Object> web = upstream(status, "web", "web-1");
            assertEquals("HEALTHY", web.get("health"));
            assertEquals(true, web.get("available"));
            assertEquals(0L, web.get("inFlight"));
            assertEquals(ok.uri().toString().replaceAll("/$", ""), web.get("uri"));
            assertTrue(((Number) web.get("latencyMillis")).doubleValue() > 0, "latency sampled: " + web);
            assertEquals(1L, upstream(status, "flaky", "flaky-1").get("consecutiveFailures"));
            assertEquals(Map.of("enabled", false), status.get("cache"));

            List<Object> routes = list(admin.json("/admin/api/status").get("routes"));
            assertEquals(List.of("web", "flaky"), routes.stream().map(r -> map(r).get("id")).toList());
            assertEquals("prefix /web", map(routes.get(0)).get("path"));

            Map<String, Object> config = admin.json("/admin/api/config");
            assertTrue(((String) config.get("summary")).startsWith("2 route(s) [web prefix /web -> web, flaky"),
                    config.get("summary").toString());
            assertEquals("web-1", map(list(map(list(config.get("groups")).get(0)).get("upstreams")).get(0)).get("id"));
            assertEquals("RetryPolicy[none]", map(list(config.get("routes")).get(1)).get("retry"));
            assertEquals(2, list(admin.parse(admin.get("/admin/api/upstreams").body())).size());
            assertEquals(2, list(admin.parse(admin.get("/admin/api/routes").body())).size());
        }
    }

    @Test
    void aWebSocketSessionCountsAsARequestOfItsRoute() throws Exception {
        WebSocketClient client = new WebSocketClient();
        try (WebSocketBackend backend = new WebSocketBackend();
             AdminUnderTest admin = AdminUnderTest.start(ProxyConfig.builder()
                     .upstreamGroup("ws", g -> g.upstream(backend.uri().toString()))
                     .route("chat", r -> r.pathPrefix("/chat").stripPrefix().addPrefix("/ws").to("ws"))
                     .build())) {
            client.start();
            Session session = client.connect(new WebSocketRecorder(), URI.create("ws://127.0.0.1:" + admin.port() + "/api/chat/a"))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            session.close();

            await().atMost(WAIT).until(() -> traffic(admin.json("/admin/api/status"), "chat").get("requests").equals(1L));
            assertEquals(0L, traffic(admin.json("/admin/api/status"), "chat").get("errors"));
        } finally {
            client.stop();
        }
    }

    @Test
    void cacheFiguresCountHitsAndMissesAndPurgesRemoveWhatWasStored() throws Exception {
        MutableClock clock = new MutableClock();
        HttpCache cache = CachingProxies.cache(clock);
        try (Backend backend = CachingProxies.backend(clock,
                     seen -> Backend.Reply.text(200, "stored " + seen.target()).with("Cache-Control", "max-age=600"));
             AdminUnderTest admin = AdminUnderTest.start(ProxyConfig.builder()
                     .httpCache(cache)
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("static", r -> r.pathPrefix("/static").cache(CachePolicy.rfc9111()).to("g"))
                     .build())) {
            assertEquals(200, admin.get("/api/static/a.css").statusCode());
            assertEquals(200, admin.get("/api/static/a.css").statusCode());
            assertEquals(200, admin.get("/api/static/b.css").statusCode());
            await().atMost(WAIT).until(() -> map(admin.json("/admin/api/cache")).get("misses").equals(2L));
            Map<String, Object> figures = admin.json("/admin/api/cache");
            assertEquals(true, figures.get("enabled"));
            assertEquals(1L, figures.get("hits"));
            assertEquals(2L, figures.get("misses"));
            assertEquals(1.0 / 3, ((Number) figures.get("hitRatio")).doubleValue(), 1e-9);
            assertEquals(2L, figures.get("entries"));
            assertTrue(((Number) figures.get("bytes")).longValue() > 0);
            assertEquals(Map.of("requests", 3L, "errors", 0L, "cacheHits", 1L, "cacheMisses", 2L),
                    traffic(admin.json("/admin/api/status"), "static"));

            String base = "http://127.0.0.1:" + admin.port() + "/api/static/";
            HttpResponse<String> purged = admin.send(HttpRequest.newBuilder(admin.uri("/admin/api/cache?uri="
                    + java.net.URLEncoder.encode(base + "a.css", java.nio.charset.StandardCharsets.UTF_8))).DELETE().build());
            assertEquals(200, purged.statusCode(), purged.body());
            assertEquals(Map.of("uri", base + "a.css", "purged", 1L), admin.parse(purged.body()));
            assertEquals(1L, admin.json("/admin/api/cache").get("entries"));
            assertEquals(2, backend.requestCount());
            assertEquals(200, admin.get("/api/static/a.css").statusCode());
            assertEquals(3, backend.requestCount(), "a.css was fetched again after its purge");

            HttpResponse<String> byBody = admin.send(HttpRequest.newBuilder(admin.uri("/admin/api/cache/purge"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prefix\": \"" + base + "\"}")).build());
            assertEquals(200, byBody.statusCode(), byBody.body());
            assertEquals(2L, map(admin.parse(byBody.body())).get("purged"));
            assertEquals(0L, admin.json("/admin/api/cache").get("entries"));

            // A form post (what a cross-site page can send without a preflight) and another origin are refused.
            HttpResponse<String> form = admin.send(HttpRequest.newBuilder(admin.uri("/admin/api/cache/purge"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("all=true")).build());
            assertEquals(415, form.statusCode());
            assertEquals("application/problem+json", form.headers().firstValue("Content-Type").orElse(""));
            HttpResponse<String> foreign = admin.send(HttpRequest.newBuilder(admin.uri("/admin/api/cache?all=true"))
                    .header("Origin", "http://evil.example").DELETE().build());
            assertEquals(403, foreign.statusCode());
            HttpResponse<String> two = admin.send(HttpRequest.newBuilder(admin.uri("/admin/api/cache?all=true&prefix=x"))
                    .DELETE().build());
            assertEquals(400, two.statusCode());
            HttpResponse<String> notAUri = admin.send(HttpRequest.newBuilder(admin.uri("/admin/api/cache?uri=%2Fa.css"))
                    .DELETE().build());
            assertEquals(400, notAUri.statusCode());
            assertTrue(notAUri.body().contains("absolute"), notAUri.body());
        }
    }

    @Test
    void theStatusPageIsServedWithoutOutsideResources() throws Exception {
        try (Backend ok = Backend.ok("fine");
             AdminUnderTest admin = AdminUnderTest.start(ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(ok.uri().toString()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            for (String path : List.of("/admin", "/admin/")) {
                HttpResponse<String> page = admin.get(path);
                assertEquals(200, page.statusCode());
                assertEquals("text/html;charset=utf-8", page.headers().firstValue("Content-Type").orElse("").replace(" ", ""));
                assertTrue(page.body().contains("api/status"));
                assertFalse(page.body().contains("http://") || page.body().contains("https://"), "no outside resource");
                assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
            }
            HttpResponse<String> unknown = admin.get("/admin/api/nope");
            assertEquals(404, unknown.statusCode());
            assertEquals("application/problem+json", unknown.headers().firstValue("Content-Type").orElse(""));
            HttpResponse<String> wrongMethod = admin.send(HttpRequest.newBuilder(admin.uri("/admin/api/status"))
                    .DELETE().build());
            assertEquals(405, wrongMethod.statusCode());
            assertEquals("GET, HEAD", wrongMethod.headers().firstValue("Allow").orElse(""));
        }
    }

    @Test
    void aClientTheAccessListDoesNotAllowGetsA403ProblemAndNothingElse() throws Exception {
        try (Backend ok = Backend.ok("fine");
             AdminUnderTest admin = AdminUnderTest.start(ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(ok.uri().toString()))
                     .route("all", r -> r.to("g"))
                     .build(), AdminAccess.allow("127.0.0.2"))) {
            // The socket peer decides: 127.0.0.1 is not on the list, 127.0.0.2 (also loopback) is.
            String refused = admin.rawGetFrom("127.0.0.1", "/admin/api/status");
            assertTrue(refused.startsWith("HTTP/1.1 403"), refused);
            assertTrue(refused.contains("Content-Type: application/problem+json"), refused);
            assertFalse(refused.contains(ok.uri().getHost() + ":" + ok.port()), "no upstream address: " + refused);
            assertFalse(refused.contains("routes"), refused);
            assertTrue(admin.rawGetFrom("127.0.0.1", "/admin/").startsWith("HTTP/1.1 403"), "the page too");
            String allowed = admin.rawGetFrom("127.0.0.2", "/admin/api/status");
            assertTrue(allowed.startsWith("HTTP/1.1 200"), allowed);
            // The proxy itself is not behind the admin list.
            assertEquals(200, admin.get("/api/x").statusCode());
        }
    }

    @Test
    void byDefaultOnlyLoopbackGetsInAndOnlyATrustedForwarderCanSayOtherwise() throws Exception {
        ProxyConfig config = ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream("http://127.0.0.1:9"))
                .route("all", r -> r.to("g"))
                .build();
        try (AdminUnderTest admin = AdminUnderTest.start(config)) {
            // Not trusted: the header is not read, the loopback peer gets in.
            assertTrue(admin.rawGetFrom("127.0.0.1", "/admin/api/status", "X-Forwarded-For: 203.0.113.9")
                    .startsWith("HTTP/1.1 200"));
        }
        try (AdminUnderTest admin = AdminUnderTest.start(config, AdminAccess.loopbackOnly().trustingForwarders("127.0.0.1"))) {
            // Behind a reverse proxy on this machine: the client it names is not loopback, so it is refused ...
            String refused = admin.rawGetFrom("127.0.0.1", "/admin/api/status", "X-Forwarded-For: 203.0.113.9");
            assertTrue(refused.startsWith("HTTP/1.1 403"), refused);
            assertTrue(refused.contains("\"status\":403"), refused);
            // ... and a client on the proxy's machine is not.
            assertTrue(admin.rawGetFrom("127.0.0.1", "/admin/api/status", "X-Forwarded-For: 127.0.0.1")
                    .startsWith("HTTP/1.1 200"));
        }
    }

    @Test
    void loopbackOnlyAlsoWantsTheRequestToNameThisMachineAgainstDnsRebinding() throws Exception {
        try (AdminUnderTest admin = AdminUnderTest.start(ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream("http://127.0.0.1:9"))
                .route("all", r -> r.to("g"))
                .build())) {
            // A page of evil.example whose name now resolves to 127.0.0.1 makes the browser send its own name.
            String rebound = admin.rawGetFrom("127.0.0.1", "/admin/api/status", "Host: evil.example:" + admin.port());
            assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
            for (String host : List.of("localhost", "127.0.0.1", "[::1]")) {
                assertTrue(admin.rawGetFrom("127.0.0.1", "/admin/api/status", "Host: " + host + ":" + admin.port())
                        .startsWith("HTTP/1.1 200"), host);
            }
        }
        try (AdminUnderTest admin = AdminUnderTest.start(ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream("http://127.0.0.1:9"))
                .route("all", r -> r.to("g"))
                .build(), AdminAccess.allow("127.0.0.0/8"))) {
            // An explicit list is for admins reached by name (an operations network): any Host.
            assertTrue(admin.rawGetFrom("127.0.0.1", "/admin/api/status", "Host: admin.example:" + admin.port())
                    .startsWith("HTTP/1.1 200"));
        }
    }

    private static Map<String, Object> traffic(Map<String, Object> status, String routeId) {
        for (Object route : list(status.get("routes"))) {
            if (map(route).get("id").equals(routeId)) {
                return map(map(route).get("traffic"));
            }
        }
        throw new AssertionError("no route " + routeId + " in " + status);
    }

    private static Map<String, Object> upstream(Map<String, Object> status, String groupId, String upstreamId) {
        for (Object group : list(status.get("groups"))) {
            if (map(group).get("id").equals(groupId)) {
                for (Object upstream : list(map(group).get("upstreams"))) {
                    if (map(upstream).get("id").equals(upstreamId)) {
                        return map(upstream);
                    }
                }
            }
        }
        throw new AssertionError("no upstream " + groupId + "/" + upstreamId + " in " + status);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }

    static List<Object> list(Object json) {
        if (json instanceof Object[] array) {
            return List.of(array);
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) json;
        return list;
    }
}

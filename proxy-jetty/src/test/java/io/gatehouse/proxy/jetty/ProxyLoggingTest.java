package io.gatehouse.proxy.jetty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.health.Health;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * What an operator sees in the log (issue 11, defect 8): every 5xx the proxy makes itself is
 * logged once at WARN with the request id, the route, the upstream and the cause; the start-up
 * and each {@code update(config)} are logged at INFO with the mount, the routes and the groups.
 * Read through the tests' SLF4J backend ({@link CapturedLogs}).
 */
class ProxyLoggingTest extends ProxyIntegrationTest {

    @Test
    void aRefusedUpstreamIsOneWarnLineWithRequestIdRouteUpstreamAndCause() throws Exception {
        Backend dead = Backend.ok("never");
        dead.stop();
        try (dead; ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                .upstreamGroup("g502", g -> g.upstream(dead.uri().toString(), u -> u.id("dead-one")))
                .route("route-502", r -> r.to("g502"))
                .build())) {
            ContentResponse response = client.GET(proxy.uri("/api/orders?secret=1"));

            assertEquals(502, response.getStatus());
            String requestId = response.getHeaders().get("X-Request-Id");
            assertNotNull(requestId);
            List<CapturedLogs.Line> warnings = CapturedLogs.lines(Level.WARN, requestId);
            assertEquals(1, warnings.size(), "one line per 5xx: " + warnings);
            String line = warnings.get(0).message();
            assertTrue(line.startsWith("GET /api/orders answered 502 Bad Gateway: request id " + requestId
                    + ", route 'route-502', upstream 'dead-one': "), line);
            assertTrue(line.contains("ConnectException"), "the cause: " + line);
            assertFalse(line.contains("secret=1"), "no query in the log line: " + line);
            assertFalse(response.getContentAsString().contains("dead-one"), "the upstream stays out of the client's body");
        }
    }

    @Test
    void noUpstreamAvailableIsLoggedWithItsRoute() throws Exception {
        try (Backend sick = Backend.start(seen -> Backend.Reply.text(503, "down"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g503", g -> g.upstream(sick.uri().toString(), u -> u.id("sick"))
                             .panicMode(false)
                             .healthCheck(h -> h.path("/health").interval(Duration.ofMillis(50))
                                     .unhealthyThreshold(1)))
                     .route("route-503", r -> r.to("g503"))
                     .build())) {
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    proxy.servlet().engine().upstreams().status("g503", "sick").health() == Health.UNHEALTHY);

            ContentResponse response = client.GET(proxy.uri("/api/x"));

            assertEquals(503, response.getStatus());
            String requestId = response.getHeaders().get("X-Request-Id");
            List<CapturedLogs.Line> warnings = CapturedLogs.lines(Level.WARN, requestId);
            assertEquals(1, warnings.size(), "one line per 5xx: " + warnings);
            assertTrue(warnings.get(0).message().startsWith("GET /api/x answered 503 Service Unavailable: request id "
                    + requestId + ", route 'route-503', upstream -: "), warnings.get(0).message());
        }
    }

    @Test
    void theProxysOwn4xxAreNotWarnings() throws Exception {
        try (Backend backend = Backend.ok("ok");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("only-x", r -> r.pathPrefix("/x").to("g"))
                     .build())) {
            ContentResponse response = client.GET(proxy.uri("/api/elsewhere"));

            assertEquals(404, response.getStatus());
            assertEquals(List.of(), CapturedLogs.lines(Level.WARN, response.getHeaders().get("X-Request-Id")));
        }
    }

    @Test
    void startUpAndEachUpdateAreLoggedAtInfoWithMountRoutesAndGroups() throws Exception {
        try (Backend backend = Backend.ok("ok");
             ProxyUnderTest proxy = ProxyUnderTest.start("/logged", ProxyConfig.builder()
                     .upstreamGroup("logged-group", g -> g.upstream(backend.uri().toString(), u -> u.id("b1")))
                     .route("logged-route", r -> r.pathPrefix("/users").to("logged-group"))
                     .build())) {
            List<CapturedLogs.Line> started = CapturedLogs.lines(Level.INFO, "logged-route");
            assertEquals(1, started.size(), started.toString());
            assertEquals("Gatehouse proxy started at /logged/*: 1 route(s) [logged-route prefix /users -> logged-group],"
                    + " 1 group(s) [logged-group: b1 (" + backend.uri() + ")]", started.get(0).message());
            assertEquals("io.gatehouse.proxy.jetty.ProxyServlet", started.get(0).logger());

            proxy.servlet().update(ProxyConfig.builder()
                    .upstreamGroup("logged-group", g -> g.upstream(backend.uri().toString(), u -> u.id("b1")))
                    .route("logged-route-2", r -> r.pathPrefix("/orders").to("logged-group"))
                    .build());

            List<CapturedLogs.Line> updated = CapturedLogs.lines(Level.INFO, "logged-route-2");
            assertEquals(1, updated.size(), updated.toString());
            assertTrue(updated.get(0).message().startsWith("Gatehouse configuration updated at /logged/*: 1 route(s)"
                    + " [logged-route-2 prefix /orders -> logged-group]"), updated.get(0).message());
        }
    }

    @Test
    void anUpstreamThatFailsMidBodyIsOneWarnLineForTheCutOffResponse() throws Exception {
        try (RawBackend cut = RawBackend.answering("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(5000));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("gcut", g -> g.upstream(cut.uri(), u -> u.id("cut-short")))
                     .route("route-cut", r -> r.to("gcut"))
                     .build())) {
            org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> client.GET(proxy.uri("/api/big")), "the client sees a cut-off response, not a complete one");

            await().atMost(Duration.ofSeconds(5)).until(() -> !CapturedLogs.lines(Level.WARN, "route 'route-cut'").isEmpty());
            List<CapturedLogs.Line> warnings = CapturedLogs.lines(Level.WARN, "route 'route-cut'");
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).message().startsWith("GET /api/big aborted after its response head (502 Bad Gateway):"
                    + " request id "), warnings.get(0).message());
            assertTrue(warnings.get(0).message().contains("upstream 'cut-short'"), warnings.get(0).message());
        }
    }
}

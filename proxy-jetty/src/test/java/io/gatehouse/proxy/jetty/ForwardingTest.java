package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/** Method, path (as the route rewrites it), raw query, headers and body reach the upstream unchanged. */
class ForwardingTest extends ProxyIntegrationTest {

    @Test
    void methodPathQueryHeadersAndBodyReachTheUpstreamUnchanged() throws Exception {
        try (Backend backend = Backend.ok("done");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("users", g -> g.upstream(backend.uri().toString()))
                     .route("users", r -> r.pathPrefix("/users").to("users"))
                     .build())) {
            byte[] body = "{\"name\":\"ada\"}".getBytes(StandardCharsets.UTF_8);
            ContentResponse response = client.newRequest(proxy.uri("/api/users/7/notes?a=%20b&c=d+e&e=%7C&f=x%2Fy&g"))
                    .method("PUT")
                    .headers(h -> h.put("X-Custom", "one").add("X-Custom", "two").put("Content-Type", "application/json"))
                    .body(new BytesRequestContent(body))
                    .send();

            assertEquals(200, response.getStatus());
            assertEquals("done", response.getContentAsString());
            Backend.Seen seen = backend.take();
            assertEquals("PUT", seen.method());
            assertEquals("/users/7/notes?a=%20b&c=d+e&e=%7C&f=x%2Fy&g", seen.target());
            assertEquals("{\"name\":\"ada\"}", seen.bodyText());
            assertEquals("application/json", seen.header("Content-Type"));
            assertEquals(java.util.List.of("one", "two"), seen.headers().getValuesList("X-Custom"));
        }
    }

    @Test
    void stripPrefixAndAddPrefixRewriteThePath() throws Exception {
        try (Backend backend = Backend.ok("ok");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("users", g -> g.upstream(backend.uri() + "/base"))
                     .route("users", r -> r.pathPrefix("/users").stripPrefix().addPrefix("/v1").to("users"))
                     .build())) {
            assertEquals(200, client.GET(proxy.uri("/api/users/7?x=1")).getStatus());
            assertEquals("/base/v1/7?x=1", backend.take().target());
            assertEquals(200, client.GET(proxy.uri("/api/users")).getStatus());
            assertEquals("/base/v1", backend.take().target());
        }
    }

    @Test
    void templateRewriteUsesCapturedVariables() throws Exception {
        try (Backend backend = Backend.ok("ok");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("orders", g -> g.upstream(backend.uri().toString()))
                     .route("orders", r -> r.pathTemplate("/users/{id}/orders/{*rest}").rewritePath("/v2/orders/{rest}/by/{id}").to("orders"))
                     .build())) {
            assertEquals(200, client.GET(proxy.uri("/api/users/42/orders/2024/11?all")).getStatus());
            assertEquals("/v2/orders/2024/11/by/42?all", backend.take().target());
        }
    }

    @Test
    void routesChooseUpstreamsByPathHostMethodAndHeader() throws Exception {
        try (Backend users = Backend.ok("users");
             Backend admin = Backend.ok("admin");
             Backend writes = Backend.ok("writes");
             Backend canary = Backend.ok("canary");
             ProxyUnderTest proxy = ProxyUnderTest.start("/", ProxyConfig.builder()
                     .upstreamGroup("users", g -> g.upstream(users.uri().toString()))
                     .upstreamGroup("admin", g -> g.upstream(admin.uri().toString()))
                     .upstreamGroup("writes", g -> g.upstream(writes.uri().toString()))
                     .upstreamGroup("canary", g -> g.upstream(canary.uri().toString()))
                     .route("users", r -> r.pathPrefix("/users").to("users"))
                     .route("admin-host", r -> r.host("admin.example.com").to("admin"))
                     .route("writes", r -> r.pathPrefix("/users").methods("POST", "DELETE").to("writes"))
                     .route("canary", r -> r.pathPrefix("/users").header("X-Canary", "1").to("canary"))
                     .build())) {
            assertEquals("users", client.GET(proxy.uri("/users/1")).getContentAsString());
            assertEquals("writes", client.POST(proxy.uri("/users/1")).send().getContentAsString());
            assertEquals("canary", client.newRequest(proxy.uri("/users/1")).headers(h -> h.put("X-Canary", "1"))
                    .send().getContentAsString());
            assertEquals("admin", client.newRequest(proxy.uri("/users/1")).headers(h -> h.put("Host", "Admin.Example.com:8443"))
                    .send().getContentAsString());
            assertEquals(404, client.GET(proxy.uri("/usersX")).getStatus());
        }
    }

    @Test
    void roundRobinAlternatesBetweenTwoBackends() throws Exception {
        try (Backend a = Backend.ok("a");
             Backend b = Backend.ok("b");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("pair", g -> g.upstream(a.uri().toString()).upstream(b.uri().toString()))
                     .route("all", r -> r.to("pair"))
                     .build())) {
            StringBuilder answers = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                answers.append(client.GET(proxy.uri("/api/x")).getContentAsString());
            }
            assertEquals("ababab", answers.toString());
            assertEquals(3, a.requestCount());
            assertEquals(3, b.requestCount());
        }
    }

    @Test
    void hostApplicationKeepsItsOwnServlets() throws Exception {
        try (Backend backend = Backend.ok("proxied");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            assertEquals("host servlet /x", client.GET(proxy.uri("/host/x")).getContentAsString());
            assertEquals("proxied", client.GET(proxy.uri("/api/x")).getContentAsString());
            assertEquals("/x", backend.take().target());
            assertEquals(1, backend.requestCount());
        }
    }

    @Test
    void dotSegmentsAreResolvedBeforeRoutingSoTheRoutedPathIsTheForwardedPath() throws Exception {
        try (Backend backend = Backend.ok("ok");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri() + "/v1"))
                     .route("users", r -> r.pathPrefix("/users").to("g"))
                     .build())) {
            String response = RawHttp.exchange(proxy.port(),
                    "GET /api/users/../admin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 404"), response);
            assertEquals(0, backend.requestCount());
        }
    }
}

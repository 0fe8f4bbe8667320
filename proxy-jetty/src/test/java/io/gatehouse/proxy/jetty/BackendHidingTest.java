package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.proxy.ProxyConfig;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/** Upstream addresses in {@code Location}/{@code Content-Location} and {@code Server}/{@code X-Powered-By} stay hidden. */
class BackendHidingTest extends ProxyIntegrationTest {

    @Test
    void locationPointingAtTheUpstreamIsRewrittenToThePublicAddressAndPrefix() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(302, "moved")
                .with("Location", "http://127.0.0.1:" + seen.headers().get("X-Backend-Port") + "/v1/users/8?tab=2#top")
                .with("Content-Location", "/v1/users/8"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri() + "/v1"))
                     .route("users", r -> r.pathPrefix("/users").to("g"))
                     .build())) {
            ContentResponse response = client.newRequest(proxy.uri("/api/users/7"))
                    .headers(h -> h.put("X-Backend-Port", String.valueOf(backend.port())))
                    .send();
            assertEquals(302, response.getStatus());
            assertEquals("http://127.0.0.1:" + proxy.port() + "/api/users/8?tab=2#top", response.getHeaders().get("Location"));
            assertEquals("/api/users/8", response.getHeaders().get("Content-Location"));
        }
    }

    @Test
    void strippedPrefixComesBackInTheRewrittenLocation() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(301, "moved")
                .with("Location", "http://127.0.0.1:" + seen.headers().get("X-Backend-Port") + "/v1/login"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("users", r -> r.pathPrefix("/users").stripPrefix().addPrefix("/v1").to("g"))
                     .build())) {
            ContentResponse response = client.newRequest(proxy.uri("/api/users/account"))
                    .headers(h -> h.put("X-Backend-Port", String.valueOf(backend.port())))
                    .send();
            assertEquals("/v1/account", backend.take().target());
            assertEquals("http://127.0.0.1:" + proxy.port() + "/api/users/login", response.getHeaders().get("Location"));
        }
    }

    @Test
    void locationOnAnotherHostIsLeftAlone() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(302, "moved").with("Location", "https://login.example.com/sso"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, false))) {
            assertEquals("https://login.example.com/sso", client.GET(proxy.uri("/api/x")).getHeaders().get("Location"));
        }
    }

    @Test
    void serverAndPoweredByAreDroppedByDefault() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "ok")
                .with("Server", "Apache/2.4.1 (internal)").with("X-Powered-By", "PHP/5.1"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, false))) {
            ContentResponse response = client.GET(proxy.uri("/api/x"));
            assertNull(response.getHeaders().get("Server"));
            assertNull(response.getHeaders().get("X-Powered-By"));
        }
    }

    @Test
    void serverAndPoweredByPassWhenTheRouteSaysSo() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "ok")
                .with("Server", "Apache/2.4.1").with("X-Powered-By", "PHP/5.1"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, true))) {
            ContentResponse response = client.GET(proxy.uri("/api/x"));
            assertEquals("Apache/2.4.1", response.getHeaders().get("Server"));
            assertEquals("PHP/5.1", response.getHeaders().get("X-Powered-By"));
        }
    }

    @Test
    void responseCarriesOneDateTheUpstreamsAndAViaNamingOnlyTheProxy() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "ok")
                .with("Date", "Mon, 23 Nov 2026 10:00:00 GMT").with("Via", "1.1 internal-lb.corp"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, false))) {
            ContentResponse response = client.GET(proxy.uri("/api/x"));
            assertEquals(java.util.List.of("Mon, 23 Nov 2026 10:00:00 GMT"), response.getHeaders().getValuesList("Date"));
            assertEquals("1.1 gatehouse", response.getHeaders().get("Via"));
        }
    }

    @Test
    void upstreamViaIsKeptWhenTheRoutePassesServerHeaders() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "ok").with("Via", "1.1 internal-lb"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, true))) {
            assertEquals("1.1 internal-lb, 1.1 gatehouse", client.GET(proxy.uri("/api/x")).getHeaders().get("Via"));
        }
    }

    private static ProxyConfig config(Backend backend, boolean passServerHeaders) {
        return ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                .route("all", r -> r.passServerHeaders(passServerHeaders).to("g"))
                .build();
    }
}

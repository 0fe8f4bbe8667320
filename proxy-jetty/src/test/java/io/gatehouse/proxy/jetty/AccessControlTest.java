package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.access.ForwardedHeader;
import java.util.function.Consumer;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/**
 * Allow and deny lists by CIDR, global and per route, through a real proxy: refused clients get
 * a 403 problem and the upstream sees nothing. The client address is the socket peer unless the
 * peer is a trusted proxy; a forwarding header from anyone else is not believed.
 */
class AccessControlTest extends ProxyIntegrationTest {

    private static ProxyConfig.Builder twoRoutes(Backend backend) {
        return ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                .route("open", r -> r.pathPrefix("/open").to("g"));
    }

    private static ContentResponse get(EdgeProxy proxy, String path, Consumer<HttpFields.Mutable> headers) throws Exception {
        return client.newRequest(proxy.uri(path)).headers(headers).send();
    }

    private static ContentResponse get(EdgeProxy proxy, String path) throws Exception {
        return get(proxy, path, h -> { });
    }

    private static void assertForbidden(ContentResponse response) {
        assertEquals(403, response.getStatus(), response.getContentAsString());
        assertEquals("application/problem+json", response.getMediaType());
        assertTrue(response.getContentAsString().contains("\"status\":403"), response.getContentAsString());
    }

    @Test
    void globalDenyListRefusesTheClientOnEveryRoute() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(twoRoutes(backend).deny("127.0.0.0/8").build())) {
            assertForbidden(get(proxy, "/api/open/1"));
            assertForbidden(get(proxy, "/api/no/such/route"));
            assertEquals(0, backend.arrivals());
        }
    }

    @Test
    void globalAllowListRefusesClientsOutsideIt() throws Exception {
        try (Backend backend = Backend.ok("ok")) {
            try (EdgeProxy proxy = EdgeProxy.start(twoRoutes(backend).allow("10.0.0.0/8", "192.168.0.0/16").build())) {
                assertForbidden(get(proxy, "/api/open/1"));
                assertEquals(0, backend.arrivals());
            }
            try (EdgeProxy proxy = EdgeProxy.start(twoRoutes(backend).allow("10.0.0.0/8", "127.0.0.1/32").build())) {
                assertEquals(200, get(proxy, "/api/open/1").getStatus());
                assertEquals(1, backend.arrivals());
            }
        }
    }

    @Test
    void denyWinsOverAllow() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(twoRoutes(backend).allow("127.0.0.0/8").deny("127.0.0.1").build())) {
            assertForbidden(get(proxy, "/api/open/1"));
            assertEquals(0, backend.arrivals());
        }
    }

    @Test
    void routeListsApplyToTheirRouteOnly() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(twoRoutes(backend)
                     .route("admin", r -> r.pathPrefix("/admin").allow("10.0.0.0/8").to("g"))
                     .route("internal", r -> r.pathPrefix("/internal").deny("127.0.0.0/8").to("g"))
                     .route("office", r -> r.pathPrefix("/office").allow("127.0.0.1/32").to("g"))
                     .build())) {
            assertForbidden(get(proxy, "/api/admin/users"));
            assertForbidden(get(proxy, "/api/internal/metrics"));
            assertEquals(0, backend.arrivals());
            assertEquals(200, get(proxy, "/api/open/1").getStatus());
            assertEquals(200, get(proxy, "/api/office/1").getStatus());
            assertEquals("/open/1", backend.take().target());
            assertEquals("/office/1", backend.take().target());
        }
    }

    @Test
    void ipv6ClientsAreMatchedByIpv6Ranges() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.builder(twoRoutes(backend)
                     .route("v6-denied", r -> r.pathPrefix("/v6-denied").deny("::1/128").to("g"))
                     .route("v6-allowed", r -> r.pathPrefix("/v6-allowed").allow("::/127").to("g"))
                     .route("v4-only", r -> r.pathPrefix("/v4-only").allow("0.0.0.0/0").to("g"))
                     .route("doc-range", r -> r.pathPrefix("/doc-range").allow("2001:db8::/32").to("g"))
                     .build()).host("::1").start()) {
            assertForbidden(get(proxy, "/api/v6-denied/1"));
            assertForbidden(get(proxy, "/api/v4-only/1"));
            assertForbidden(get(proxy, "/api/doc-range/1"));
            assertEquals(0, backend.arrivals());
            assertEquals(200, get(proxy, "/api/v6-allowed/1").getStatus());
            assertEquals(200, get(proxy, "/api/open/1").getStatus());
            assertEquals("::1", backend.take().header("X-Forwarded-For"));
        }
    }

    @Test
    void globalIpv6DenyListRefusesIpv6Peers() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.builder(twoRoutes(backend).deny("::1").build()).host("::1").start()) {
            assertForbidden(get(proxy, "/api/open/1"));
            assertEquals(0, backend.arrivals());
        }
    }

    // The client address: trusted proxies and the spoof.

    @Test
    void forwardedForFromAnUntrustedPeerDoesNotGetPastADenyList() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(twoRoutes(backend).deny("127.0.0.1").trustedProxies("10.0.0.0/8").build())) {
            assertForbidden(get(proxy, "/api/open/1", h -> h.put("X-Forwarded-For", "198.51.100.7")
                    .put("Forwarded", "for=198.51.100.7")));
            assertEquals(0, backend.arrivals());
        }
    }

    @Test
    void forwardedForFromAnUntrustedPeerDoesNotOpenAnAllowList() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(twoRoutes(backend)
                     .route("partners", r -> r.pathPrefix("/partners").allow("198.51.100.0/24").to("g"))
                     .build())) {
            assertForbidden(get(proxy, "/api/partners/1", h -> h.put("X-Forwarded-For", "198.51.100.7")));
            assertForbidden(get(proxy, "/api/partners/1", h -> h.put("X-Forwarded-For", "198.51.100.7, 198.51.100.8")));
            assertEquals(0, backend.arrivals());
        }
    }

    @Test
    void aTrustedProxyTellsWhoTheClientIs() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(twoRoutes(backend).trustedProxies("127.0.0.1")
                     .route("partners", r -> r.pathPrefix("/partners").allow("198.51.100.0/24").to("g"))
                     .route("no-scanners", r -> r.pathPrefix("/no-scanners").deny("203.0.113.0/24").to("g"))
                     .build())) {
            assertEquals(200, get(proxy, "/api/partners/1", h -> h.put("X-Forwarded-For", "198.51.100.7")).getStatus());
            assertForbidden(get(proxy, "/api/partners/1", h -> h.put("X-Forwarded-For", "203.0.113.9")));
            assertForbidden(get(proxy, "/api/partners/1"));
            assertForbidden(get(proxy, "/api/no-scanners/1", h -> h.put("X-Forwarded-For", "203.0.113.9")));
            assertEquals(1, backend.arrivals());
            assertEquals("198.51.100.7, 127.0.0.1", backend.take().header("X-Forwarded-For"),
                    "a trusted peer's chain is passed on, with the peer appended");
        }
    }

    @Test
    void aClientBehindATrustedProxyCannotSpoofByPrependingAddresses() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(twoRoutes(backend).trustedProxies("127.0.0.1", "10.0.0.0/8")
                     .route("partners", r -> r.pathPrefix("/partners").allow("198.51.100.0/24").to("g"))
                     .route("no-scanners", r -> r.pathPrefix("/no-scanners").deny("203.0.113.0/24").to("g"))
                     .build())) {
            // The client wrote the left entry; the trusted load balancer 10.0.0.5 appended the real one.
            assertForbidden(get(proxy, "/api/partners/1",
                    h -> h.put("X-Forwarded-For", "198.51.100.7, 203.0.113.9, 10.0.0.5")));
            assertForbidden(get(proxy, "/api/no-scanners/1",
                    h -> h.put("X-Forwarded-For", "198.51.100.7, 203.0.113.9, 10.0.0.5")));
            assertEquals(0, backend.arrivals());
        }
    }

    @Test
    void theForwardedHeaderIsBelievedFromTrustedProxiesWhenConfigured() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(twoRoutes(backend).trustedProxies("127.0.0.1")
                     .trustedProxyHeader(ForwardedHeader.FORWARDED)
                     .route("partners", r -> r.pathPrefix("/partners").allow("198.51.100.0/24").to("g"))
                     .build())) {
            assertEquals(200, get(proxy, "/api/partners/1", h -> h.put("Forwarded", "for=198.51.100.7;proto=https"))
                    .getStatus());
            assertForbidden(get(proxy, "/api/partners/1", h -> h.put("X-Forwarded-For", "198.51.100.7")));
            assertEquals(1, backend.arrivals());
        }
    }

    @Test
    void anUntrustedPeersForwardingHeadersAreNotPassedOnToTheUpstream() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(twoRoutes(backend).trustedProxies("10.0.0.0/8").build())) {
            assertEquals(200, get(proxy, "/api/open/1", h -> h.put("X-Forwarded-For", "198.51.100.7")
                    .put("Forwarded", "for=198.51.100.7")).getStatus());
            Backend.Seen seen = backend.take();
            assertEquals("127.0.0.1", seen.header("X-Forwarded-For"));
            assertEquals("for=127.0.0.1;host=\"127.0.0.1:" + proxy.port() + "\";proto=http", seen.header("Forwarded"));
        }
    }
}

package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proxy is not an open proxy: whatever host a request names (Host, an absolute-form target,
 * CONNECT), it only ever reaches the configured upstreams, and a host no route serves selects
 * none. A second server on loopback ("internal", not configured) plays the host an attacker
 * would like to reach.
 */
class NoOpenProxyTest {

    private static Backend api;
    private static Backend internal;
    private static EdgeProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        api = Backend.ok("api");
        internal = Backend.ok("internal secrets");
        proxy = EdgeProxy.start(ProxyConfig.builder()
                .upstreamGroup("api", g -> g.upstream(api.uri().toString()))
                .route("api", r -> r.host("api.example.com").pathPrefix("/").to("api"))
                .build());
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        api.close();
        internal.close();
    }

    private static String send(String request) throws Exception {
        return RawHttp.exchange(proxy.port(), request);
    }

    @Test
    void anUnknownHostSelectsNoUpstream() throws Exception {
        int before = api.arrivals();
        String response = send("GET /api/users HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 404 "), response);
        assertTrue(RawHttp.head(response).contains("Content-Type: application/problem+json"), response);
        response = send("GET /api/users HTTP/1.1\r\nHost: 127.0.0.1:" + internal.port() + "\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 404 "), response);
        assertEquals(before, api.arrivals());
        assertEquals(0, internal.arrivals());
    }

    @Test
    void anAbsoluteFormTargetNamingAnotherServerNeverReachesIt() throws Exception {
        String internalAuthority = "127.0.0.1:" + internal.port();
        String response = send("GET http://" + internalAuthority + "/api/admin HTTP/1.1\r\nHost: " + internalAuthority
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 404 "), "no route serves that host: " + response);
        response = send("GET http://" + internalAuthority + "/api/admin HTTP/1.1\r\nHost: api.example.com\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 "), "target and Host disagree: " + response);
        response = send("GET http://api.example.com/api/admin HTTP/1.1\r\nHost: api.example.com\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertEquals("/admin", api.take().target());
        assertEquals(0, internal.arrivals());
    }

    @Test
    void connectToAnotherServerIsRefused() throws Exception {
        String status = RawHttp.statusLine(proxy.port(), "CONNECT 127.0.0.1:" + internal.port() + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + internal.port() + "\r\nConnection: close\r\n\r\n");
        assertTrue(status.matches("HTTP/1.1 (400|405|501) .*"), status);
        assertEquals(0, internal.arrivals());
    }
}

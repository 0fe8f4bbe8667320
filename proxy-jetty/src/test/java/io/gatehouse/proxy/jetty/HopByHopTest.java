package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** RFC 9110 §7.6.1: hop-by-hop headers are not forwarded, in either direction. */
class HopByHopTest {

    @Test
    void clientHopByHopHeadersAndTheOnesNamedInConnectionDoNotReachTheUpstream() throws Exception {
        try (Backend backend = Backend.ok("ok");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend.uri().toString()))) {
            String response = RawHttp.exchange(proxy.port(), "GET /api/x HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Connection: close, Upgrade, X-Secret-Hop, x-other-hop\r\n"
                    + "X-Secret-Hop: 1\r\n"
                    + "X-Other-Hop: 2\r\n"
                    + "Keep-Alive: timeout=5\r\n"
                    + "Proxy-Connection: keep-alive\r\n"
                    + "TE: gzip\r\n" // its trailers token alone would pass on (TrailersTest)
                    + "Upgrade: example/1\r\n"
                    + "Proxy-Authorization: Basic c2VjcmV0\r\n"
                    + "X-End-To-End: kept\r\n"
                    + "\r\n");
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            Backend.Seen seen = backend.take();
            for (String hop : new String[] {"X-Secret-Hop", "X-Other-Hop", "Keep-Alive", "Proxy-Connection", "TE",
                    "Upgrade", "Proxy-Authorization"}) {
                assertNull(seen.header(hop), hop + " reached the upstream");
            }
            String connection = seen.header("Connection");
            assertTrue(connection == null || !connection.toLowerCase(Locale.ROOT).contains("secret"),
                    "the client's Connection header reached the upstream: " + connection);
            assertEquals("kept", seen.header("X-End-To-End"));
        }
    }

    @Test
    void upstreamHopByHopHeadersAndTheOnesNamedInConnectionDoNotReachTheClient() throws Exception {
        String upstreamResponse = "HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: 2\r\n"
                + "Connection: close, X-Internal-Hop\r\n"
                + "X-Internal-Hop: secret\r\n"
                + "Keep-Alive: timeout=5, max=100\r\n"
                + "Proxy-Connection: keep-alive\r\n"
                + "Upgrade: example/1\r\n"
                + "Proxy-Authenticate: Basic realm=\"internal\"\r\n"
                + "X-End-To-End: kept\r\n"
                + "\r\n"
                + "ok";
        try (RawBackend backend = RawBackend.answering(upstreamResponse);
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend.uri()))) {
            String response = RawHttp.exchange(proxy.port(),
                    "GET /api/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String head = RawHttp.head(response).toLowerCase(Locale.ROOT);
            assertTrue(head.startsWith("http/1.1 200"), response);
            assertTrue(response.endsWith("ok"), response);
            assertTrue(head.contains("x-end-to-end: kept"), head);
            assertFalse(head.contains("x-internal-hop"), head);
            assertFalse(head.contains("keep-alive:"), head);
            assertFalse(head.contains("proxy-connection"), head);
            assertFalse(head.contains("upgrade"), head);
            assertFalse(head.contains("proxy-authenticate"), head);
            backend.takeHead();
        }
    }

    private static ProxyConfig config(String upstream) {
        return ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(upstream))
                .route("all", r -> r.to("g"))
                .build();
    }
}

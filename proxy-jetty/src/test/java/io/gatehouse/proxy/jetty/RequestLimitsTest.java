package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import org.junit.jupiter.api.Test;

/**
 * Request size limits through a real proxy, as raw bytes: a request line longer than the
 * connector takes or a target longer than the configuration's {@code maxUriLength} is 414, a
 * header block larger than {@code maxHeaderSize} is 431, each as problem+json, and the upstream
 * sees nothing. (Bodies: {@link BodySizeLimitTest}.)
 */
class RequestLimitsTest {

    private static ProxyConfig.Builder config(Backend backend) {
        return ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                .route("all", r -> r.to("g"));
    }

    private static String get(String target, String headers) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + headers + "Connection: close\r\n\r\n";
    }

    private static void assertProblem(int status, String response) {
        assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response.length() > 300 ? response.substring(0, 300) : response);
        assertTrue(RawHttp.head(response).contains("Content-Type: application/problem+json"), response);
        assertTrue(response.contains("\"status\":" + status), response);
    }

    @Test
    void aRequestLineLongerThanTheConnectorTakesIs414() throws Exception {
        try (Backend backend = Backend.ok("ok"); EdgeProxy proxy = EdgeProxy.start(config(backend).build())) {
            assertProblem(414, RawHttp.exchange(proxy.port(), get("/api/x?q=" + "a".repeat(9_000), "")));
            assertEquals(0, backend.arrivals());
        }
    }

    @Test
    void aTargetLongerThanMaxUriLengthIs414() throws Exception {
        try (Backend backend = Backend.ok("ok"); EdgeProxy proxy = EdgeProxy.start(config(backend).maxUriLength(1_000).build())) {
            assertProblem(414, RawHttp.exchange(proxy.port(), get("/api/x?q=" + "a".repeat(1_000), "")));
            assertProblem(414, RawHttp.exchange(proxy.port(), get("/api/" + "p/".repeat(500), "")));
            assertEquals(0, backend.arrivals());
            assertTrue(RawHttp.exchange(proxy.port(), get("/api/x?q=" + "a".repeat(900), "")).startsWith("HTTP/1.1 200 "));
        }
    }

    @Test
    void headersLargerThanMaxHeaderSizeAre431() throws Exception {
        try (Backend backend = Backend.ok("ok"); EdgeProxy proxy = EdgeProxy.start(config(backend).build())) {
            assertProblem(431, RawHttp.exchange(proxy.port(), get("/api/x", "X-Big: " + "b".repeat(9_000) + "\r\n")));
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                many.append("X-H").append(i).append(": ").append("v".repeat(40)).append("\r\n");
            }
            assertProblem(431, RawHttp.exchange(proxy.port(), get("/api/x", many.toString())));
            assertEquals(0, backend.arrivals());
        }
    }

    @Test
    void headersThatFitTheConnectorAreForwardedWholeWithTheProxysOwnAdded() throws Exception {
        String header = "X-Big: " + "b".repeat(8_100) + "\r\n"; // the whole client head: 8,160 bytes of 8,192
        try (RawBackend upstream = RawBackend.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
             EdgeProxy proxy = EdgeProxy.start(ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(upstream.uri()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            String response = RawHttp.exchange(proxy.port(), get("/api/x", header));
            assertTrue(response.startsWith("HTTP/1.1 200 "), response);
            String head = upstream.takeHead();
            assertTrue(head.contains(header) && head.contains("\r\nX-Forwarded-For: 127.0.0.1\r\n"), head);
        }
    }

    @Test
    void theConfiguredMaxHeaderSizeIsTheConnectorsAndTheUpstreamClients() throws Exception {
        String header = "X-Big: " + "b".repeat(15_000) + "\r\n";
        try (RawBackend upstream = RawBackend.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
             EdgeProxy proxy = EdgeProxy.start(ProxyConfig.builder()
                     .maxHeaderSize(16 * 1024)
                     .upstreamGroup("g", g -> g.upstream(upstream.uri()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            String passed = RawHttp.exchange(proxy.port(), get("/api/x", header));
            assertTrue(passed.startsWith("HTTP/1.1 200 "), passed);
            assertTrue(upstream.takeHead().contains(header));
            assertProblem(431, RawHttp.exchange(proxy.port(), get("/api/x", "X-Big: " + "b".repeat(17_000) + "\r\n")));
        }
    }
}

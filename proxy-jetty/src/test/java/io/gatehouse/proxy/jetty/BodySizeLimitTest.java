package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import org.junit.jupiter.api.Test;

/** A route's body size limit: declared lengths are refused up front, chunked bodies while they stream. */
class BodySizeLimitTest extends ProxyIntegrationTest {

    private static ProxyConfig config(Backend backend) {
        return ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                .route("upload", r -> r.pathPrefix("/upload").maxBodySize(1000).to("g"))
                .build();
    }

    @Test
    void declaredContentLengthOverTheLimitIs413AndNeverReachesTheUpstream() throws Exception {
        try (Backend backend = Backend.ok("ok"); ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend))) {
            String response = RawHttp.exchange(proxy.port(), "POST /api/upload HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 5000\r\nConnection: close\r\n\r\n" + "x".repeat(5000));
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
            assertTrue(RawHttp.head(response).contains("application/problem+json"), response);
            assertEquals(0, backend.arrivals());
        }
    }

    @Test
    void chunkedBodyGrowingOverTheLimitIs413AndTheUpstreamNeverGetsItAsWhole() throws Exception {
        try (Backend backend = Backend.ok("ok"); ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend))) {
            StringBuilder chunks = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                chunks.append("1f4\r\n").append("y".repeat(500)).append("\r\n");
            }
            chunks.append("0\r\n\r\n");
            String response = RawHttp.exchange(proxy.port(), "POST /api/upload HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks);
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
            assertEquals(0, backend.requestCount(), "the upstream took a truncated body as whole");
        }
    }

    @Test
    void chunkedBodyWithinTheLimitPasses() throws Exception {
        try (Backend backend = Backend.ok("ok"); ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend))) {
            String response = RawHttp.exchange(proxy.port(), "POST /api/upload HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n1f4\r\n" + "z".repeat(500) + "\r\n0\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 200 "), response);
            assertEquals(500, backend.take().body().length);
        }
    }
}

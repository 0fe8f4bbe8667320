package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile requests sent as raw bytes to a proxy set up with {@link EdgeServer}: framing
 * ambiguities (request smuggling) and ambiguous paths are a 400 problem, and the upstream sees
 * nothing.
 */
class HardeningTest {

    private static Backend backend;
    private static ProxyUnderTest proxy;

    @BeforeAll
    static void start() throws Exception {
        backend = Backend.ok("ok");
        proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(backend.uri() + "/v1"))
                .route("users", r -> r.pathPrefix("/users").to("g"))
                .build());
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        backend.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Content-Length with Transfer-Encoding | POST /api/users/1 HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\nConnection: close\\r\\n\\r\\n0\\r\\n\\r\\n
            two different Content-Lengths          | POST /api/users/1 HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 5\\r\\nContent-Length: 6\\r\\nConnection: close\\r\\n\\r\\nhello!
            obs-fold                               | GET /api/users/1 HTTP/1.1\\r\\nHost: x\\r\\nX-A: 1\\r\\n  folded\\r\\nConnection: close\\r\\n\\r\\n
            bare LF line ends                      | GET /api/users/1 HTTP/1.1\\nHost: x\\nConnection: close\\n\\n
            bare CR in a header line               | GET /api/users/1 HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\rb\\r\\nConnection: close\\r\\n\\r\\n
            no Host                                | GET /api/users/1 HTTP/1.1\\r\\nConnection: close\\r\\n\\r\\n
            two Host headers                       | GET /api/users/1 HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\nConnection: close\\r\\n\\r\\n
            encoded dot segment %2e%2e             | GET /api/users/%2e%2e/%2e%2e/admin HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n
            encoded slash %2f                      | GET /api/users/..%2f..%2fadmin HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n
            double-encoded dot %252e               | GET /api/users/%252e%252e/admin HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n
            dot segment with ; parameter           | GET /api/users/..;x=1/..;/admin HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n
            backslashes                            | GET /api/users/..\\\\..\\\\admin HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n
            """)
    void isRejectedWith400ProblemAndNeverReachesTheUpstream(String attack, String raw) throws Exception {
        int before = backend.arrivals();
        String response = RawHttp.exchange(proxy.port(), unescape(raw));
        assertTrue(response.startsWith("HTTP/1.1 400 "), attack + ": " + response);
        assertTrue(RawHttp.head(response).contains("Content-Type: application/problem+json"), attack + ": " + response);
        assertEquals(before, backend.arrivals(), attack + " reached the upstream");
    }

    @Test
    void malformedChunkSizeIsA400AndTheUpstreamNeverGetsTheRequestAsIfItWereWhole() throws Exception {
        // Its own backend and proxy: the proxy may open the upstream request before the bad chunk
        // shows, and that arrival can land after the client's 400; it must not count in other tests.
        try (Backend own = Backend.ok("ok");
             ProxyUnderTest ownProxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(own.uri() + "/v1"))
                     .route("users", r -> r.pathPrefix("/users").to("g"))
                     .build())) {
            String response = RawHttp.exchange(ownProxy.port(), "POST /api/users/1 HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 400 "), response);
            assertEquals(0, own.requestCount(), "the upstream got a body it could take as whole");
        }
    }

    @Test
    void dotSegmentsCannotLeaveTheRoutesUpstreamPrefix() throws Exception {
        int before = backend.arrivals();
        String response = RawHttp.exchange(proxy.port(),
                "GET /api/users/../../admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 404 "), response);
        response = RawHttp.exchange(proxy.port(),
                "GET /api/users/../admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 404 "), response);
        assertEquals(before, backend.arrivals());
    }

    @Test
    void absoluteFormRequestsOnlyEverReachConfiguredUpstreams() throws Exception {
        String response = RawHttp.exchange(proxy.port(),
                "GET http://evil.example/api/users/1 HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertEquals("/v1/users/1", backend.take().target());
    }

    @Test
    void connectIsNeverForwarded() throws Exception {
        int before = backend.arrivals();
        String status = RawHttp.statusLine(proxy.port(),
                "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\nConnection: close\r\n\r\n");
        assertTrue(status.matches("HTTP/1.1 (400|405|501) .*"), status);
        assertEquals(before, backend.arrivals());
    }

    private static String unescape(String raw) {
        return raw.replace("\\r", "\r").replace("\\n", "\n").replace("\\\\", "\\");
    }
}

package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Max-Forwards} (RFC 9110 §7.6.2) through a real proxy: an {@code OPTIONS} or {@code TRACE}
 * with 0 is answered by the proxy and never reaches the upstream; a positive value reaches it
 * decremented; other methods pass the field untouched; a value that is not a number is a 400.
 */
class MaxForwardsTest extends ProxyIntegrationTest {

    private Backend backend;
    private ProxyUnderTest proxy;
    private ProxyUnderTest traceAllowed;

    @BeforeEach
    void start() throws Exception {
        backend = Backend.ok("upstream");
        proxy = ProxyUnderTest.start("/api", config(false));
        traceAllowed = ProxyUnderTest.start("/api", config(true));
    }

    private ProxyConfig config(boolean allowTrace) {
        return ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                .route("all", r -> r.to("g"))
                .allowTrace(allowTrace)
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        traceAllowed.close();
        proxy.close();
        backend.close();
    }

    private ContentResponse send(ProxyUnderTest to, String method, String maxForwards) throws Exception {
        return client.newRequest(to.uri("/api/resource?q=1")).method(method)
                .headers(h -> h.put("Max-Forwards", maxForwards)).send();
    }

    @Test
    void optionsWithZeroIsAnsweredByTheProxyWithAllow() throws Exception {
        ContentResponse response = send(proxy, "OPTIONS", "0");

        assertEquals(200, response.getStatus());
        assertEquals("GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH", response.getHeaders().get(HttpHeader.ALLOW));
        assertEquals("0", response.getHeaders().get(HttpHeader.CONTENT_LENGTH));
        assertNotNull(response.getHeaders().get("X-Request-Id"));
        assertEquals(0, backend.arrivals(), "the upstream was not asked");
    }

    @Test
    void traceWithZeroNeverReachesTheUpstream() throws Exception {
        assertEquals(405, send(proxy, "TRACE", "0").getStatus(), "TRACE stays refused by default");

        ContentResponse reflected = send(traceAllowed, "TRACE", "0");
        assertEquals(200, reflected.getStatus());
        assertTrue(reflected.getMediaType().equals("message/http"), reflected.getMediaType());
        assertTrue(reflected.getContentAsString().startsWith("TRACE /api/resource?q=1 HTTP/1.1\r\n"),
                reflected.getContentAsString());
        assertTrue(reflected.getContentAsString().contains("\r\nMax-Forwards: 0\r\n"), reflected.getContentAsString());
        assertEquals(0, backend.arrivals(), "the upstream was not asked");
    }

    @Test
    void positiveValuesReachTheUpstreamDecremented() throws Exception {
        assertEquals(200, send(proxy, "OPTIONS", "5").getStatus());
        assertEquals("4", backend.take().header("Max-Forwards"));

        assertEquals(200, send(traceAllowed, "TRACE", "1").getStatus());
        assertEquals("0", backend.take().header("Max-Forwards"));
    }

    @Test
    void otherMethodsPassTheFieldUntouched() throws Exception {
        assertEquals(200, send(proxy, "GET", "0").getStatus());
        assertEquals("0", backend.take().header("Max-Forwards"));
        assertEquals(200, send(proxy, "DELETE", "7").getStatus());
        assertEquals("7", backend.take().header("Max-Forwards"));
        assertEquals(200, client.newRequest(proxy.uri("/api/x")).method("OPTIONS").send().getStatus());
        assertNull(backend.take().header("Max-Forwards"), "none added when the client sent none");
    }

    @Test
    void aValueThatIsNotANumberIsA400ProblemAndNotForwarded() throws Exception {
        ContentResponse response = send(proxy, "OPTIONS", "ten");

        assertEquals(400, response.getStatus());
        assertEquals("application/problem+json", response.getMediaType());
        assertTrue(response.getContentAsString().contains("Max-Forwards must be one non-negative decimal number"),
                response.getContentAsString());
        assertFalse(response.getContentAsString().contains("127.0.0.1"));
        assertEquals(0, backend.arrivals());
    }
}

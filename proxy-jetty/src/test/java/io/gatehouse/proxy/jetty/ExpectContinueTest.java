package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code Expect: 100-continue} end to end (RFC 9110 §10.1.1), as nginx and Envoy do by default:
 * the proxy is the client's next hop, so it answers the expectation itself. A request it will
 * forward gets {@code 100 Continue} once the proxy starts reading its body (the body then
 * streams to the upstream, and the final response is the upstream's); a request it refuses
 * before reading (a declared body over the route's limit, a denied client) gets its final status
 * at once, with no {@code 100}, so the client never sends the body. {@code Expect} itself is not
 * forwarded: the proxy already has the body's go-ahead, and an HTTP/1.0 or slow upstream would
 * otherwise make the client wait on a 100 that never comes.
 */
class ExpectContinueTest {

    private static final String BODY = "{\"name\":\"ada\"}";

    private static ProxyUnderTest proxy(Backend backend) throws Exception {
        return ProxyUnderTest.start("/", ProxyConfig.builder()
                .upstreamGroup("app", g -> g.upstream(backend.uri().toString()))
                .route("small", r -> r.pathPrefix("/small").maxBodySize(8).to("app"))
                .route("closed", r -> r.pathPrefix("/closed").allow("192.0.2.0/24").to("app"))
                .route("all", r -> r.to("app"))
                .build());
    }

    /** Sends the head, reads up to the end of the first response head, and returns it. */
    private static String sendHead(Socket socket, String path, int contentLength) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + contentLength + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readHead(socket.getInputStream());
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aForwardedRequestGets100ThenTheUpstreamsAnswer() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(201, "stored " + seen.bodyText()));
             ProxyUnderTest proxy = proxy(backend);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.setSoTimeout(10_000);
            String interim = sendHead(socket, "/users", BODY.length());
            assertTrue(interim.startsWith("HTTP/1.1 100 "), interim);

            socket.getOutputStream().write(BODY.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String head = readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 201 "), head);

            Backend.Seen seen = backend.take();
            assertEquals(BODY, seen.bodyText(), "the whole body reached the upstream");
            assertNull(seen.header("Expect"), "the expectation ended at the proxy");
        }
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413WithoutA100() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "never"));
             ProxyUnderTest proxy = proxy(backend);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.setSoTimeout(10_000);
            String head = sendHead(socket, "/small", 1_000_000);
            assertTrue(head.startsWith("HTTP/1.1 413 "), head);
            assertFalse(head.contains(" 100 "), head);
            assertEquals(0, backend.requestCount());
        }
    }

    @Test
    void aDeniedClientGetsItsRefusalWithoutA100() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "never"));
             ProxyUnderTest proxy = proxy(backend);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.setSoTimeout(10_000);
            String head = sendHead(socket, "/closed/x", BODY.length());
            assertTrue(head.startsWith("HTTP/1.1 403 "), head);
            assertEquals(0, backend.requestCount());
        }
    }
}

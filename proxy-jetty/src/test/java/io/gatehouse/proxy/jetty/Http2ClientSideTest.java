package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/2 between the client and the proxy: h2c by prior knowledge and by {@code Upgrade: h2c} (issue 12). */
class Http2ClientSideTest {

    private Backend backend;
    private HttpClient h2Client;

    @BeforeEach
    void setUp() throws Exception {
        backend = Backend.start(seen -> Backend.Reply.text(200, "hello " + seen.method() + " " + seen.bodyText()));
        h2Client = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        h2Client.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        h2Client.stop();
        backend.close();
    }

    private ProxyConfig config() {
        return ProxyConfig.builder()
                .upstreamGroup("app", group -> group.upstream(backend.uri().toString()))
                .route("all", route -> route.pathPrefix("/").to("app"))
                .build();
    }

    @Test
    void priorKnowledgeRequestsAreServedOverHttp2() throws Exception {
        try (Http2Proxy proxy = Http2Proxy.h2c(config())) {
            ContentResponse response = h2Client.newRequest(proxy.uri("/users/7?q=1")).timeout(10, TimeUnit.SECONDS).send();

            assertEquals(200, response.getStatus());
            assertEquals(HttpVersion.HTTP_2, response.getVersion());
            assertEquals("hello GET ", response.getContentAsString());
            Backend.Seen seen = backend.take();
            assertEquals("/users/7?q=1", seen.target());
            assertNull(seen.header("Transfer-Encoding"), "a GET without a body stays without one");
            assertNull(seen.header("Content-Length"));
            // HTTP/2 has :authority, not Host: the upstream still learns what the client asked for.
            assertEquals("127.0.0.1:" + proxy.port(), seen.header("X-Forwarded-Host"));
            assertTrue(seen.header("Via").startsWith("2 "), seen.header("Via"));
        }
    }

    @Test
    void aStreamedHttp2RequestBodyWithoutLengthIsForwarded() throws Exception {
        try (Http2Proxy proxy = Http2Proxy.h2c(config())) {
            AsyncRequestContent body = new AsyncRequestContent();
            CompletableResponseListener listener = new CompletableResponseListener(
                    h2Client.newRequest(proxy.uri("/upload")).method(HttpMethod.POST).body(body).timeout(10, TimeUnit.SECONDS));
            var future = listener.send();
            body.write(ByteBuffer.wrap("part one, ".getBytes(StandardCharsets.UTF_8)), org.eclipse.jetty.util.Callback.NOOP);
            body.write(ByteBuffer.wrap("part two".getBytes(StandardCharsets.UTF_8)), org.eclipse.jetty.util.Callback.NOOP);
            body.close();
            ContentResponse response = future.get(10, TimeUnit.SECONDS);

            assertEquals(200, response.getStatus());
            assertEquals("hello POST part one, part two", response.getContentAsString());
        }
    }

    @Test
    void upgradeToH2cEndsAtTheProxyAndIsNotForwarded() throws Exception {
        try (Http2Proxy proxy = Http2Proxy.h2c(config());
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /up HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                line.append((char) b);
            }
            assertEquals("HTTP/1.1 101 Switching Protocols", line.toString().trim());
            // RFC 9113 §3.4: the client's connection preface, then an empty SETTINGS frame.
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
            out.flush();

            Backend.Seen seen = backend.take();
            assertEquals("/up", seen.target());
            assertNull(seen.header("Upgrade"));
            assertNull(seen.header("HTTP2-Settings"));
        }
    }

    @Test
    void withoutH2cAnUpgradeRequestIsServedOverHttp11AndTheUpgradeIsNotForwarded() throws Exception {
        try (Http2Proxy proxy = Http2Proxy.http11Only(config())) {
            String response = RawHttp.exchange(proxy.port(), "GET /up HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: Upgrade, HTTP2-Settings, close\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n");

            assertTrue(response.startsWith("HTTP/1.1 200 "), response);
            Backend.Seen seen = backend.take();
            assertNull(seen.header("Upgrade"));
            assertNull(seen.header("HTTP2-Settings"));
        }
    }
}

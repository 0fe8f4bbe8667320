package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trailer fields through the proxy (issue 12): the client's request trailers reach the upstream,
 * the upstream's response trailers reach the client, over HTTP/1.1 (chunked) and HTTP/2 on either
 * side; {@code TE: trailers} is passed on; a response that ends at its head stays one HEADERS frame.
 */
class TrailersTest {

    private HttpClient http11Client;
    private HTTP2Client h2;
    private HttpClient h2Client;

    @BeforeEach
    void setUp() throws Exception {
        http11Client = new HttpClient();
        http11Client.start();
        h2 = new HTTP2Client();
        h2Client = new HttpClient(new HttpClientTransportOverHTTP2(h2));
        h2Client.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        h2Client.stop();
        http11Client.stop();
    }

    /** Echoes the body; says which TE and request trailers it saw; ends with trailers of its own. */
    private static ServletContextHandler trailerEcho() {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                byte[] body = req.getInputStream().readAllBytes();
                Map<String, String> trailers = req.isTrailerFieldsReady() ? new TreeMap<>(req.getTrailerFields()) : Map.of();
                resp.setContentType("text/plain");
                resp.setHeader("X-Seen-TE", String.valueOf(req.getHeader("TE")));
                resp.setHeader("X-Seen-Trailers", trailers.toString());
                if (req.getRequestURI().equals("/trailers-only")) {
                    resp.setHeader("grpc-status", "5");
                    return; // the head alone, ending the stream
                }
                resp.setTrailerFields(() -> Map.of("x-checksum", "c-" + body.length, "grpc-status", "0"));
                resp.getOutputStream().write(body);
                resp.flushBuffer(); // streamed: no Content-Length
            }
        }), "/*");
        return context;
    }

    private static ProxyConfig config(String upstream) {
        return ProxyConfig.builder()
                .upstreamGroup("app", group -> group.upstream(upstream))
                .route("all", route -> route.pathPrefix("/").to("app"))
                .build();
    }

    private static ContentResponse postWithTrailers(HttpClient client, String uri) throws Exception {
        AsyncRequestContent body = new AsyncRequestContent("text/plain");
        CompletableFuture<ContentResponse> response = new CompletableResponseListener(client.newRequest(uri)
                .method(HttpMethod.POST)
                .headers(h -> h.put("TE", "trailers"))
                .trailersSupplier(() -> HttpFields.build().put("x-request-sum", "42"))
                .body(body)
                .timeout(10, TimeUnit.SECONDS)).send();
        body.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
        body.write(ByteBuffer.wrap(" world".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
        body.close();
        return response.get(10, TimeUnit.SECONDS);
    }

    private static void assertTrailersPassed(ContentResponse response) {
        assertEquals(200, response.getStatus());
        assertEquals("hello world", response.getContentAsString());
        assertEquals("trailers", response.getHeaders().get("X-Seen-TE"));
        assertEquals("{x-request-sum=42}", response.getHeaders().get("X-Seen-Trailers"));
        HttpFields trailers = response.getTrailers();
        assertEquals("c-11", trailers == null ? null : trailers.get("x-checksum"), String.valueOf(trailers));
        assertEquals("0", trailers.get("grpc-status"));
    }

    @Test
    void http11ChunkedTrailersPassBothWays() throws Exception {
        try (Http2Backend backend = Http2Backend.http11(trailerEcho());
             Http2Proxy proxy = Http2Proxy.http11Only(config("http://127.0.0.1:" + backend.port()))) {
            assertTrailersPassed(postWithTrailers(http11Client, proxy.uri("/echo").toString()));
        }
    }

    @Test
    void http2TrailersPassBothWays() throws Exception {
        try (Http2Backend backend = Http2Backend.h2c(trailerEcho());
             Http2Proxy proxy = Http2Proxy.h2c(config("h2c://127.0.0.1:" + backend.port()))) {
            ContentResponse response = postWithTrailers(h2Client, proxy.uri("/echo").toString());
            assertEquals(HttpVersion.HTTP_2, response.getVersion());
            assertTrailersPassed(response);
        }
    }

    @Test
    void http2ClientToHttp11UpstreamAndBack() throws Exception {
        try (Http2Backend backend = Http2Backend.http11(trailerEcho());
             Http2Proxy proxy = Http2Proxy.h2c(config("http://127.0.0.1:" + backend.port()))) {
            assertTrailersPassed(postWithTrailers(h2Client, proxy.uri("/echo").toString()));
        }
    }

    @Test
    void onlyTheTrailersTokenOfTePassesOn() throws Exception {
        try (Http2Backend backend = Http2Backend.http11(trailerEcho());
             Http2Proxy proxy = Http2Proxy.http11Only(config("http://127.0.0.1:" + backend.port()))) {
            ContentResponse both = http11Client.newRequest(proxy.uri("/a")).headers(h -> h.put("TE", "gzip;q=0.5, trailers"))
                    .timeout(10, TimeUnit.SECONDS).send();
            ContentResponse gzipOnly = http11Client.newRequest(proxy.uri("/a")).headers(h -> h.put("TE", "gzip"))
                    .timeout(10, TimeUnit.SECONDS).send();

            assertEquals("trailers", both.getHeaders().get("X-Seen-TE"));
            assertEquals("null", gzipOnly.getHeaders().get("X-Seen-TE"));
        }
    }

    @Test
    void aResponseThatEndsAtItsHeadIsOneHeadersFrameWithEndStream() throws Exception {
        try (Http2Backend backend = Http2Backend.h2c(trailerEcho());
             Http2Proxy proxy = Http2Proxy.h2c(config("h2c://127.0.0.1:" + backend.port()))) {
            List<String> frames = new CopyOnWriteArrayList<>();
            CountDownLatch ended = new CountDownLatch(1);
            Session session = h2.connect(new InetSocketAddress("127.0.0.1", proxy.port()), new Session.Listener() { })
                    .get(10, TimeUnit.SECONDS);
            MetaData.Request request = new MetaData.Request("GET", HttpURI.from("http://127.0.0.1:" + proxy.port()
                    + "/trailers-only"), HttpVersion.HTTP_2, HttpFields.build().put("te", "trailers"));
            session.newStream(new HeadersFrame(request, null, true), new Stream.Listener() {
                @Override
                public void onHeaders(Stream stream, HeadersFrame frame) {
                    MetaData.Response head = (MetaData.Response) frame.getMetaData();
                    frames.add("HEADERS " + head.getStatus() + " grpc-status=" + head.getHttpFields().get("grpc-status")
                            + (frame.isEndStream() ? " END_STREAM" : ""));
                    if (frame.isEndStream()) {
                        ended.countDown();
                    } else {
                        stream.demand();
                    }
                }

                @Override
                public void onDataAvailable(Stream stream) {
                    Stream.Data data = stream.readData();
                    if (data != null) {
                        frames.add("DATA " + data.frame().remaining() + (data.frame().isEndStream() ? " END_STREAM" : ""));
                        data.release();
                        if (data.frame().isEndStream()) {
                            ended.countDown();
                            return;
                        }
                    }
                    stream.demand();
                }
            }).get(10, TimeUnit.SECONDS);
            assertTrue(ended.await(10, TimeUnit.SECONDS), frames.toString());
            assertEquals(List.of("HEADERS 200 grpc-status=5 END_STREAM"), frames);
            session.close(0, "done", Callback.NOOP);
        }
    }
}

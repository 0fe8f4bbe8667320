package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.compress.CompressionPolicy;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12: server-sent events stream through the proxy, each event as the upstream sends it. The
 * upstream sends event n+1 only after the client has read event n, so a proxy that buffered (a
 * body accumulated before relaying, a gzip stream flushed at the end) would never get the second
 * event: the test then fails on its deadline. The stream outlives the route's response and idle
 * timeouts several times over (they bound the wait for the head and for the next byte, never a
 * live stream). The latency of each event (upstream write to client read) is logged.
 */
class ServerSentEventsTest {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSentEventsTest.class);
    private static final int EVENTS = 12;
    /** Between two events: 12 of them hold the stream about 5 times the response timeout and 2.5 times the idle timeout. */
    private static final Duration PACE = Duration.ofMillis(400);
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final BlockingQueue<String> toSend = new LinkedBlockingQueue<>();
    private final List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
    private Server upstream;
    private ScheduledExecutorService pacer;

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = new Server();
        ServerConnector connector = new ServerConnector(upstream);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        upstream.addConnector(connector);
        upstream.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "text/event-stream; charset=utf-8");
                response.getHeaders().put("Cache-Control", "no-cache");
                Callback.Completable head = new Callback.Completable();
                response.write(false, BufferUtil.EMPTY_BUFFER, head); // commits the head: the stream is open
                head.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                while (true) {
                    String event = toSend.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                    if (event == null || event.isEmpty()) {
                        response.write(true, null, callback);
                        return true;
                    }
                    Callback.Completable written = new Callback.Completable();
                    sentAt.add(System.nanoTime());
                    response.write(false, ByteBuffer.wrap(event.getBytes(StandardCharsets.UTF_8)), written);
                    written.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                }
            }
        });
        upstream.start();
        pacer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() throws Exception {
        pacer.shutdownNow();
        upstream.stop();
    }

    private ProxyUnderTest proxy(boolean gzip) throws Exception {
        ProxyConfig.Builder config = ProxyConfig.builder()
                .upstreamGroup("events", g -> g.upstream("http://127.0.0.1:" + ((ServerConnector) upstream.getConnectors()[0]).getLocalPort()))
                .route("events", r -> r.pathPrefix("/events").responseTimeout(Duration.ofSeconds(1))
                        .idleTimeout(Duration.ofSeconds(2)).to("events"));
        if (gzip) {
            config.compression(CompressionPolicy.gzip()); // the default policy: text/* is compressible
        }
        return ProxyUnderTest.start("/", config.build());
    }

    @Test
    void eachEventReachesTheClientBeforeTheUpstreamSendsTheNext() throws Exception {
        try (ProxyUnderTest proxy = proxy(false)) {
            HttpResponse<InputStream> response = open(proxy, false);
            assertEquals(200, response.statusCode());
            assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
            readInLockstep(response.body());
        }
    }

    @Test
    void aGzippedStreamIsFlushedEventByEvent() throws Exception {
        try (ProxyUnderTest proxy = proxy(true)) {
            HttpResponse<InputStream> response = open(proxy, true);
            assertEquals(200, response.statusCode());
            assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElseThrow(),
                    "compressed, so the test shows the gzip stream does not hold events back");
            toSend.add(event(0)); // GZIPInputStream reads the gzip header at once; it may come with the first event
            InputStream body = assertTimeoutPreemptively(DEADLINE, () -> new GZIPInputStream(response.body()));
            readInLockstep(body, 1);
        }
    }

    private static HttpResponse<InputStream> open(ProxyUnderTest proxy, boolean gzip) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.uri("/events/feed")).header("Accept", "text/event-stream")
                .timeout(DEADLINE);
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    private void readInLockstep(InputStream body) throws Exception {
        toSend.add(event(0));
        readInLockstep(body, 1);
    }

    /**
     * Reads event n, then has the upstream send event n+1 a pace later; the last read ends the
     * stream. A read that never comes (the proxy holding events back) fails at the deadline.
     */
    private void readInLockstep(InputStream body, int next) {
        assertTimeoutPreemptively(DEADLINE, () -> readEvents(body, next), "an event was held back by the proxy");
    }

    private void readEvents(InputStream body, int next) throws Exception {
        List<Long> latenciesMicros = new ArrayList<>();
        try (body) {
            for (int n = next - 1; n < EVENTS; n++) {
                String event = readEvent(body);
                long readAt = System.nanoTime();
                assertEquals(event(n), event, "event " + n + " arrived whole and in order");
                latenciesMicros.add((readAt - sentAt.get(n)) / 1000);
                String following = n + 1 < EVENTS ? event(n + 1) : "";
                pacer.schedule(() -> toSend.add(following), PACE.toMillis(), TimeUnit.MILLISECONDS);
            }
            assertEquals(-1, body.read(), "the stream ends when the upstream ends it");
        }
        Collections.sort(latenciesMicros);
        LOG.info("SSE event latency through the proxy (upstream write to client read), microseconds: median {}, max {}",
                latenciesMicros.get(latenciesMicros.size() / 2), latenciesMicros.get(latenciesMicros.size() - 1));
    }

    /**
     * The next event, up to and with its blank line, read byte by byte: a Reader would ask for
     * more than is there (a GZIPInputStream always says a byte is available) and wait.
     */
    private static String readEvent(InputStream body) throws Exception {
        StringBuilder event = new StringBuilder();
        while (event.length() < 2 || !event.substring(event.length() - 2).equals("\n\n")) {
            int b = body.read();
            assertNotEquals(-1, b, "the stream ended early, after: " + event);
            event.append((char) b);
        }
        return event.toString();
    }

    private static String event(int n) {
        return "data: event " + n + "\n\n";
    }
}

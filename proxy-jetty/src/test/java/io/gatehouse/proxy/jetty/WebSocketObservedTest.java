package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.observe.AttemptEnded;
import io.gatehouse.proxy.observe.AttemptStarted;
import io.gatehouse.proxy.observe.Denied;
import io.gatehouse.proxy.observe.ProxyObserver;
import io.gatehouse.proxy.observe.RequestStarted;
import io.gatehouse.proxy.observe.ResponseCompleted;
import io.gatehouse.proxy.observe.TraceContext;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimiters;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket handshake goes through the same exchange as any request (issue 16: one pipeline):
 * observers see it start, its attempt, and its end with status 101 when the session closes (so it
 * has an access log line and metrics, with the message bytes each way); the trace context is passed to the upstream; a rate limit
 * denies it as it would a request. Before, the bridge made its own decisions and was not observed.
 */
class WebSocketObservedTest {

    private static final long TIMEOUT_SECONDS = 30;

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private WebSocketBackend backend;
    private ProxyUnderTest proxy;
    private WebSocketClient client;

    @BeforeEach
    void start() throws Exception {
        backend = new WebSocketBackend();
        ProxyObserver recorder = new ProxyObserver() {
            @Override
            public void requestStarted(RequestStarted event) {
                events.add(event);
            }

            @Override
            public void attemptStarted(AttemptStarted event) {
                events.add(event);
            }

            @Override
            public void attemptEnded(AttemptEnded event) {
                events.add(event);
            }

            @Override
            public void denied(Denied event) {
                events.add(event);
            }

            @Override
            public void responseCompleted(ResponseCompleted event) {
                events.add(event);
            }
        };
        proxy = ProxyUnderTest.start("/", ProxyConfig.builder()
                .upstreamGroup("ws", g -> g.upstream(backend.uri().toString()))
                .route("chat", r -> r.pathPrefix("/chat").stripPrefix().addPrefix("/ws").to("ws"))
                .route("once", r -> r.pathPrefix("/once").stripPrefix().addPrefix("/ws")
                        .rateLimit(RateLimiters.tokenBucket(Quota.perMinute(1)).clock(() -> 0L).build()).to("ws"))
                .observer(recorder)
                .traceContext(TraceContext.Mode.START)
                .build());
        client = new WebSocketClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        proxy.close();
        backend.close();
    }

    @Test
    void aSessionIsObservedFromHandshakeToCloseWithTheTraceContextPassedOn() throws Exception {
        WebSocketRecorder messages = new WebSocketRecorder();
        Session session = client.connect(messages, uri("/chat/room")).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String text = "h\u00e9llo \u20ac\ud83d\ude00"; // 1 + 2 + 1 + 1 + 1 + 1 + 3 + 4 = 14 bytes in UTF-8
        session.sendText(text, Callback.NOOP);
        assertEquals(text, messages.texts.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        session.sendBinary(ByteBuffer.wrap(new byte[100]), Callback.NOOP);
        assertEquals(100, messages.binaries.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS).length);

        RequestStarted started = next(RequestStarted.class);
        assertEquals("/chat/room", started.path());
        AttemptStarted attempt = next(AttemptStarted.class);
        assertEquals("chat", attempt.routeId());
        assertEquals(started.requestId(), attempt.requestId());
        WebSocketBackend.Handshake handshake = backend.handshakes.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(handshake);
        assertNotNull(handshake.traceparent(), "the proxy started a trace (START) and passed it with the handshake");
        assertEquals(attempt.traceparent(), handshake.traceparent());
        assertNull(events.poll(), "nothing ends while the session is open");

        session.close();

        AttemptEnded ended = next(AttemptEnded.class);
        assertEquals(AttemptEnded.Outcome.SUCCESS, ended.outcome());
        assertEquals(101, ended.status());
        ResponseCompleted completed = next(ResponseCompleted.class);
        assertEquals(101, completed.status());
        assertEquals("chat", completed.routeId());
        assertEquals(started.requestId(), completed.requestId());
        assertEquals("GET", completed.method());
        assertEquals(ResponseCompleted.Source.UPSTREAM, completed.source());
        assertEquals(114, completed.bytesIn(), "message payload from the client: 14 bytes of UTF-8 text, 100 binary");
        assertEquals(114, completed.bytesOut(), "the echo");
    }

    @Test
    void aRefusedHandshakeEndsWithTheUpstreamsStatus() throws Exception {
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> client.connect(new WebSocketRecorder(), uri("/chat/refuse")).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals(403, assertInstanceOf(UpgradeException.class, refused.getCause()).getResponseStatusCode());

        next(RequestStarted.class);
        next(AttemptStarted.class);
        assertEquals(403, next(AttemptEnded.class).status());
        assertEquals(403, next(ResponseCompleted.class).status());
    }

    @Test
    void aRateLimitedHandshakeIsDeniedAndObserved() throws Exception {
        Session first = client.connect(new WebSocketRecorder(), uri("/once/a")).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        ExecutionException limited = assertThrows(ExecutionException.class,
                () -> client.connect(new WebSocketRecorder(), uri("/once/b")).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals(429, assertInstanceOf(UpgradeException.class, limited.getCause()).getResponseStatusCode());

        Denied denied = null;
        ResponseCompleted completed = null;
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
                (denied == null || completed == null) && System.nanoTime() < deadline; ) {
            Object event = events.poll(1, TimeUnit.SECONDS);
            if (event instanceof Denied d) {
                denied = d;
            } else if (event instanceof ResponseCompleted c) {
                completed = c;
            }
        }
        assertNotNull(denied, "no denial observed");
        assertEquals(Denied.Kind.RATE_LIMIT, denied.kind());
        assertNotNull(completed);
        assertEquals(429, completed.status(), "the first session is still open: only the refused one completed");
        assertTrue(first.isOpen());
        first.close();
    }

    private <T> T next(Class<T> type) throws InterruptedException {
        Object event = events.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(event, "no " + type.getSimpleName() + " event");
        return assertInstanceOf(type, event);
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + proxy.port() + path);
    }
}

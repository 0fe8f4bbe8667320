package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a WebSocket through the proxy is bridged to the upstream (RFC 6455) — messages, pings,
 * close codes and subprotocols pass, a 16 MiB message arrives whole, and an upstream's refusal of
 * the handshake reaches the client as its status. Before the bridge, the handshake was forwarded as
 * a plain GET and answered 200.
 */
class WebSocketBridgeTest {

    private static final long TIMEOUT_SECONDS = 30;

    private WebSocketBackend backend;
    private ProxyUnderTest proxy;
    private WebSocketClient client;

    @BeforeEach
    void start() throws Exception {
        backend = new WebSocketBackend();
        proxy = ProxyUnderTest.start("/", ProxyConfig.builder()
                .upstreamGroup("ws", g -> g.upstream(backend.uri().toString()))
                .route("chat", r -> r.pathPrefix("/chat").stripPrefix().addPrefix("/ws").to("ws"))
                .route("feed", r -> r.pathPrefix("/feed").stripPrefix().addPrefix("/ws").webSockets(false).to("ws"))
                .build());
        client = new WebSocketClient();
        client.setMaxBinaryMessageSize(32L * 1024 * 1024);
        client.setMaxTextMessageSize(32L * 1024 * 1024);
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        proxy.close();
        backend.close();
    }

    @Test
    void textAndBinaryMessagesGoThereAndBack() throws Exception {
        WebSocketRecorder recorder = new WebSocketRecorder();
        Session session = connect(recorder, "/chat/room?id=7");

        session.sendText("hello", Callback.NOOP);
        assertEquals("hello", recorder.texts.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        session.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), Callback.NOOP);
        assertArrayEquals(new byte[] {1, 2, 3}, recorder.binaries.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS));

        WebSocketBackend.Handshake handshake = backend.handshakes.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(handshake);
        assertEquals("/ws/room", handshake.path(), "the route's rewrite applies to the handshake");
        assertEquals("id=7", handshake.query());
        assertEquals("127.0.0.1", handshake.forwardedFor());
        assertNotNull(handshake.via(), "the proxy's own headers go with the handshake");
        session.close();
    }

    @Test
    void aSixteenMebibyteMessagePassesWhole() throws Exception {
        WebSocketRecorder recorder = new WebSocketRecorder();
        Session session = connect(recorder, "/chat/big");
        byte[] message = new byte[16 * 1024 * 1024];
        new Random(16).nextBytes(message);

        session.sendBinary(ByteBuffer.wrap(message), Callback.NOOP);

        byte[] echoed = recorder.binaries.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(echoed, "no echo of the 16 MiB message");
        assertArrayEquals(message, echoed);
        session.close();
    }

    @Test
    void aPingGetsTheUpstreamsPong() throws Exception {
        WebSocketRecorder recorder = new WebSocketRecorder();
        Session session = connect(recorder, "/chat/ping");

        session.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);

        byte[] pong = recorder.pongs.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(pong, "no pong");
        assertEquals("are you there", new String(pong, StandardCharsets.UTF_8));
        session.close();
    }

    @Test
    void theUpstreamsCloseCodeAndReasonReachTheClient() throws Exception {
        WebSocketRecorder recorder = new WebSocketRecorder();
        Session session = connect(recorder, "/chat/close");

        session.sendText("close 4001 room closed", Callback.NOOP);

        assertTrue(recorder.closed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the client's leg did not close");
        assertEquals(4001, recorder.closeCode);
        assertEquals("room closed", recorder.closeReason);
    }

    @Test
    void theClientsCloseCodeReachesTheUpstream() throws Exception {
        Session session = connect(new WebSocketRecorder(), "/chat/leave");

        session.close(4002, "gone for lunch", Callback.NOOP);

        WebSocketBackend.Closed closed = backend.closes.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(closed, "the upstream's leg did not close");
        assertEquals(4002, closed.code());
        assertEquals("gone for lunch", closed.reason());
    }

    @Test
    void theSubprotocolTheUpstreamChoosesIsTheClients() throws Exception {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setSubProtocols("chat.v1", "chat.v2");
        Session session = client.connect(new WebSocketRecorder(), URI.create(wsUri("/chat/proto")), upgrade)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertEquals("chat.v2", session.getUpgradeResponse().getAcceptedSubProtocol());
        assertEquals(List.of("chat.v1", "chat.v2"),
                backend.handshakes.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS).subProtocols());
        session.close();
    }

    @Test
    void anUpstreamsRefusalReachesTheClientAsItsStatus() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> connect(new WebSocketRecorder(), "/chat/refuse"));

        UpgradeException refused = assertInstanceOf(UpgradeException.class, e.getCause());
        assertEquals(403, refused.getResponseStatusCode());
    }

    @Test
    void anUpstreamThatIsDownGives502() throws Exception {
        backend.close();

        ExecutionException e = assertThrows(ExecutionException.class, () -> connect(new WebSocketRecorder(), "/chat/room"));

        UpgradeException refused = assertInstanceOf(UpgradeException.class, e.getCause());
        assertEquals(502, refused.getResponseStatusCode());
    }

    @Test
    void aRouteThatTurnsWebSocketOffRefusesTheHandshakeWith501() throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> connect(new WebSocketRecorder(), "/feed/room"));
        assertEquals(501, assertInstanceOf(UpgradeException.class, e.getCause()).getResponseStatusCode());

        String response = RawHttp.exchange(proxy.port(), "GET /feed/room HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade, close\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 501 "), response);
        assertTrue(RawHttp.head(response).toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json"), response);
        assertTrue(response.contains("\"detail\":\"This route does not accept WebSocket connections.\""), response);
        assertTrue(backend.handshakes.isEmpty(), "the upstream never saw the handshake");
    }

    @Test
    void aPlainGetOnTheSameRouteIsStillForwarded() throws Exception {
        HttpClient http = new HttpClient();
        http.start();
        try {
            ContentResponse response = http.GET(proxy.uri("/chat/room"));
            // The upstream has no plain HTTP resource there: its 404 (not a bridge, not a 101) comes back.
            assertEquals(404, response.getStatus());
        } finally {
            http.stop();
        }
    }

    private Session connect(Session.Listener listener, String path) throws Exception {
        return client.connect(listener, URI.create(wsUri(path))).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private String wsUri(String path) {
        return "ws://127.0.0.1:" + proxy.port() + path;
    }
}

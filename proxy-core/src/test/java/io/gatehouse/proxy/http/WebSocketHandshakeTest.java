package io.gatehouse.proxy.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSocketHandshakeTest {

    @Test
    void aGetWithUpgradeWebsocketAndConnectionUpgradeIsAHandshake() {
        assertTrue(WebSocketHandshake.requested(request("GET", Map.of("Upgrade", List.of("websocket"),
                "Connection", List.of("Upgrade")))));
        assertTrue(WebSocketHandshake.requested(request("GET", Map.of("Upgrade", List.of("WebSocket"),
                "Connection", List.of("keep-alive", "upgrade")))), "tokens without case, in any of the header's lines");
        assertTrue(WebSocketHandshake.requested(request("GET", Map.of("Upgrade", List.of("h2c, websocket"),
                "Connection", List.of("keep-alive , Upgrade")))));
    }

    @Test
    void anythingElseIsNot() {
        assertFalse(WebSocketHandshake.requested(request("POST", Map.of("Upgrade", List.of("websocket"),
                "Connection", List.of("Upgrade")))));
        assertFalse(WebSocketHandshake.requested(request("GET", Map.of("Upgrade", List.of("websocket")))),
                "Upgrade is only an offer when Connection names it");
        assertFalse(WebSocketHandshake.requested(request("GET", Map.of("Upgrade", List.of("h2c"),
                "Connection", List.of("Upgrade")))));
        assertFalse(WebSocketHandshake.requested(request("GET", Map.of("Upgrade", List.of("websocketx"),
                "Connection", List.of("Upgrades")))));
    }

    private static RequestView request(String method, Map<String, List<String>> headers) {
        FakeRequest request = FakeRequest.get("/chat").method(method);
        headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        return request;
    }
}

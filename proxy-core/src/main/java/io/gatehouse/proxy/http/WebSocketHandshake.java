package io.gatehouse.proxy.http;

import java.util.List;
import java.util.Locale;

/**
 * Whether a request opens a WebSocket (RFC 6455 §4.1): a {@code GET} whose {@code Upgrade}
 * names {@code websocket} and whose {@code Connection} names {@code upgrade}, tokens compared
 * without case. Such a request is bridged, or refused on a route that turns WebSocket off,
 * never forwarded as a plain {@code GET}.
 */
public final class WebSocketHandshake {

    private WebSocketHandshake() {
    }

    /** Whether {@code request} asks to open a WebSocket. */
    public static boolean requested(RequestView request) {
        return "GET".equals(request.method())
                && hasToken(request.headers("Upgrade"), "websocket")
                && hasToken(request.headers("Connection"), "upgrade");
    }

    private static boolean hasToken(List<String> values, String token) {
        for (String value : values) {
            for (String item : value.split(",")) {
                if (item.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}

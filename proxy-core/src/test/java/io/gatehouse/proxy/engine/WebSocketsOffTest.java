package io.gatehouse.proxy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.http.FakeRequest;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimiters;
import org.junit.jupiter.api.Test;

/** A route with {@code webSockets(false)} refuses a handshake with 501 before it spends a rate-limit permit. */
class WebSocketsOffTest {

    private static FakeRequest handshake(String path) {
        return FakeRequest.get(path).header("Upgrade", "websocket").header("Connection", "Upgrade");
    }

    @Test
    void aHandshakeOnARouteWithWebSocketsOffIs501AndOtherRequestsGoOn() {
        ProxyEngine engine = ProxyEngine.of(ProxyConfig.builder()
                .upstreamGroup("app", g -> g.upstream("http://127.0.0.1:9001"))
                .route("feed", r -> r.pathPrefix("/feed").webSockets(false)
                        .rateLimit(RateLimiters.tokenBucket(Quota.perMinute(1)).build()).to("app"))
                .route("chat", r -> r.pathPrefix("/chat").to("app"))
                .build());

        Decision.Reject refused = assertInstanceOf(Decision.Reject.class, engine.decide(handshake("/feed/x"), ""));
        assertEquals(501, refused.problem().status());
        assertEquals("This route does not accept WebSocket connections.", refused.problem().detail());

        try (Decision.Forward plain = assertInstanceOf(Decision.Forward.class, engine.decide(FakeRequest.get("/feed/x"), ""))) {
            assertEquals("feed", plain.plan().route().id(), "the refused handshake did not spend the minute's permit");
        }
        try (Decision.Forward bridged = assertInstanceOf(Decision.Forward.class, engine.decide(handshake("/chat/x"), ""))) {
            assertEquals("chat", bridged.plan().route().id());
        }
    }
}

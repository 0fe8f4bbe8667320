package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.ProxyConfig;
import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.proxy.http.FakeRequest;
import io.gatehouse.proxy.http.RequestIds;
import io.gatehouse.proxy.ratelimit.ConcurrencyLimiter;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code Max-Forwards} (RFC 9110 §7.6.2) in {@link ProxyEngine#decide}: answered here at 0, decremented otherwise. */
class ProxyEngineMaxForwardsTest {

    private static ProxyEngine engine(Consumer<ProxyConfig.Builder> edge) {
        ProxyConfig.Builder builder = ProxyConfig.builder()
                .upstreamGroup("users", g -> g.upstream("http://127.0.0.1:9001"))
                .route("r", r -> r.pathPrefix("/api").to("users"))
                .requestIds(RequestIds.generator(1, 2));
        edge.accept(builder);
        return ProxyEngine.of(builder.build());
    }

    private static ProxyEngine engine() {
        return engine(b -> { });
    }

    private static Decision.Answer answer(ProxyEngine engine, FakeRequest request) {
        return assertInstanceOf(Decision.Answer.class, engine.decide(request, "/gw"));
    }

    private static Decision.Forward forward(ProxyEngine engine, FakeRequest request) {
        return assertInstanceOf(Decision.Forward.class, engine.decide(request, "/gw"));
    }

    @Test
    void optionsWithMaxForwardsZeroIsAnsweredByTheProxyWithAllow() {
        Decision.Answer answer = answer(engine(), get("/api/x").method("OPTIONS").header("Max-Forwards", "0"));

        assertEquals(200, answer.status());
        assertEquals("GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH", answer.headers().get("Allow"));
        assertEquals("", answer.body());
        assertNull(answer.contentType());
        assertFalse(answer.headers().get("X-Request-Id").isEmpty(), "the request id goes with the answer");
    }

    @Test
    void optionsWithMaxForwardsZeroListsTraceWhenTheEdgeAllowsIt() {
        Decision.Answer answer = answer(engine(b -> b.allowTrace(true)),
                get("/api/x").method("OPTIONS").header("Max-Forwards", "0"));

        assertEquals("GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH, TRACE", answer.headers().get("Allow"));
    }

    @Test
    void traceWithMaxForwardsZeroIsStillRefusedByDefault() {
        Decision.Reject reject = assertInstanceOf(Decision.Reject.class,
                engine().decide(get("/api/x").method("TRACE").header("Max-Forwards", "0"), "/gw"));

        assertEquals(405, reject.problem().status());
    }

    @Test
    void allowedTraceWithMaxForwardsZeroReflectsTheRequestWithoutSensitiveFields() {
        Decision.Answer answer = answer(engine(b -> b.allowTrace(true)), get("/api/x").query("a=1").method("TRACE")
                .header("Host", "example.com").header("Max-Forwards", "0").header("Via", "1.1 edge")
                .header("Cookie", "session=secret").header("Authorization", "Bearer secret").header("X-Api-Key", "k"));

        assertEquals(200, answer.status());
        assertEquals("message/http", answer.contentType());
        assertEquals("TRACE /gw/api/x?a=1 HTTP/1.1\r\nHost: example.com\r\nMax-Forwards: 0\r\nVia: 1.1 edge\r\n\r\n",
                answer.body());
    }

    @Test
    void positiveValuesAreForwardedDecremented() {
        Decision.Forward options = forward(engine(), get("/api/x").method("OPTIONS").header("Max-Forwards", "5"));
        assertEquals("4", options.upstreamHeaders().get("Max-Forwards"));
        assertFalse(options.upstreamHeaders().get("X-Request-Id").isEmpty());

        Decision.Forward trace = forward(engine(b -> b.allowTrace(true).requestIdHeader(null)),
                get("/api/x").method("TRACE").header("Max-Forwards", "1"));
        assertEquals(java.util.Map.of("Max-Forwards", "0"), trace.upstreamHeaders());
    }

    @Test
    void otherMethodsAreForwardedWithTheFieldUntouched() {
        Decision.Forward get = forward(engine(), get("/api/x").header("Max-Forwards", "0"));

        assertNull(get.upstreamHeaders().get("Max-Forwards"), "not set by the proxy: the client's passes as it came");
    }

    @Test
    void anUnreadableValueIsA400() {
        Decision.Reject reject = assertInstanceOf(Decision.Reject.class,
                engine().decide(get("/api/x").method("OPTIONS").header("Max-Forwards", "ten"), "/gw"));

        assertEquals(400, reject.problem().status());
        assertEquals("Max-Forwards must be one non-negative decimal number (RFC 9110 §7.6.2).", reject.problem().detail());
    }

    @Test
    void noRouteIsStillA404AndAnAnswerHoldsNoConcurrencySlot() {
        assertEquals(404, assertInstanceOf(Decision.Reject.class,
                engine().decide(get("/other").method("OPTIONS").header("Max-Forwards", "0"), "/gw")).problem().status());

        ConcurrencyLimiter limiter = io.gatehouse.proxy.ratelimit.RateLimiters.concurrency(1).build();
        ProxyEngine limited = ProxyEngine.of(ProxyConfig.builder()
                .upstreamGroup("users", g -> g.upstream("http://127.0.0.1:9001"))
                .route("r", r -> r.pathPrefix("/api").to("users").concurrencyLimit(limiter))
                .build());
        for (int i = 0; i < 3; i++) {
            answer(limited, get("/api/x").method("OPTIONS").header("Max-Forwards", "0"));
        }
    }
}

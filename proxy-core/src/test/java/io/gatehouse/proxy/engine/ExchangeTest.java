package io.gatehouse.proxy.engine;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.cache.PurgeMethod;
import io.gatehouse.proxy.cache.ResponseHead;
import io.gatehouse.proxy.compress.CompressionPolicy;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.FakeRequest;
import io.gatehouse.proxy.resilience.BodyState;
import io.gatehouse.proxy.resilience.RetryPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The decisions of one request's exchange, in the order the adapter asks for them; no sockets. */
class ExchangeTest {

    private static final Supplier<ResponseHead> NOT_ASKED = () -> fail("the head is built only when the cache has a say");

    private final MovingClock clock = new MovingClock();
    private final HttpCache cache = HttpCache.builder()
            .clock(clock)
            .purgeMethod(PurgeMethod.allowFrom("192.0.2.0/24"))
            .build();

    /** Group {@code g} of upstreams a and b; route {@code reads} caches GETs, route {@code writes} caches nothing. */
    private ProxyEngine engine(boolean upstreamsAvailable) {
        return ProxyEngine.of(ProxyConfig.builder()
                .httpCache(cache)
                .upstreamGroup("g", g -> {
                    g.upstream("http://127.0.0.1:9001/a", u -> u.id("a")).upstream("http://127.0.0.1:9002/b", u -> u.id("b"));
                    if (!upstreamsAvailable) {
                        g.loadBalancer(members -> (candidates, request) -> null);
                    }
                })
                .route("reads", r -> r.pathPrefix("/items").methods("GET", "HEAD", "PURGE").cache(CachePolicy.rfc9111())
                        .retry(RetryPolicy.defaults()).to("g"))
                .route("writes", r -> r.pathPrefix("/items").methods("POST").to("g"))
                .build());
    }

    private static Exchange.Send send(Exchange.Step step) {
        return assertInstanceOf(Exchange.Send.class, step);
    }

    /** Forwards a GET and lets the upstream answer {@code body}, cacheable for ten minutes. */
    private void fetch(ProxyEngine engine, String path, String body) {
        fetch(engine, path, body, "max-age=600");
    }

    private void fetch(ProxyEngine engine, String path, String body, String cacheControl) {
        try (Exchange exchange = engine.exchange(get(path), "")) {
            Attempt attempt = send(exchange.start()).attempt();
            Exchange.Relay relay = assertInstanceOf(Exchange.Relay.class, exchange.onResponseHead(attempt, 200, null,
                    BodyState.REPLAYABLE, () -> ResponseHead.of(200, "Cache-Control", cacheControl,
                            "Content-Length", String.valueOf(body.length()))));
            assertNotNull(relay.head(), "the cache's head, with Cache-Status");
            assertTrue(exchange.storing());
            exchange.tee(ByteBuffer.wrap(body.getBytes(StandardCharsets.US_ASCII)));
            exchange.onComplete(attempt, 200);
        }
    }

    private static String body(Exchange.Serve serve) {
        return StandardCharsets.US_ASCII.decode(serve.response().body().duplicate()).toString();
    }

    @Test
    void connectFailureIsRetriedOnTheOtherUpstreamAndEveryLeaseIsGivenBack() {
        try (Exchange exchange = engine(true).exchange(get("/items/1"), "")) {
            Attempt first = send(exchange.start()).attempt();
            assertEquals(1, first.number());
            assertEquals(1, first.state().inFlight());

            Exchange.Retry retry = assertInstanceOf(Exchange.Retry.class,
                    exchange.onFailure(first, ForwardFailure.CONNECT_FAILED, BodyState.NOT_SENT, false));
            assertTrue(retry.decision().retry(), retry.decision().reason());
            assertEquals(0, first.state().inFlight(), "the failed attempt's lease was given back");

            Attempt second = send(exchange.retry()).attempt();
            assertEquals(2, second.number());
            assertNotEquals(first.upstream().id(), second.upstream().id(), "another upstream");
            assertEquals(List.of(first, second), exchange.attempts());

            Exchange.Relay relay = assertInstanceOf(Exchange.Relay.class,
                    exchange.onResponseHead(second, 200, null, BodyState.NOT_SENT, () -> ResponseHead.of(200)));
            exchange.onComplete(second, 200);
            assertEquals(0, second.state().inFlight());
            assertNotNull(relay.headers().get("X-Request-Id"), "the edge's response headers go with the relay");
        }
    }

    @Test
    void aFailureAfterTheResponseHeadWasRelayedIsNotRetried() {
        try (Exchange exchange = engine(true).exchange(get("/other"), "")) {
            Decision.Reject notRouted = assertInstanceOf(Decision.Reject.class, exchange.start());
            assertEquals(404, notRouted.problem().status());
        }
        try (Exchange exchange = engine(true).exchange(get("/items/1").header("Cache-Control", "no-store"), "")) {
            Attempt first = send(exchange.start()).attempt();
            exchange.onResponseHead(first, 200, null, BodyState.REPLAYABLE, () -> ResponseHead.of(200));

            Decision.Reject reject = assertInstanceOf(Decision.Reject.class,
                    exchange.onFailure(first, ForwardFailure.UPSTREAM_FAILED, BodyState.REPLAYABLE, true));
            assertEquals(502, reject.problem().status());
            assertEquals("reads", reject.route());
            assertEquals(1, exchange.attempts().size(), "bytes went to the client: no second attempt");
            assertEquals(0, first.state().inFlight());
        }
    }

    @Test
    void aBodyThatCannotBeReplayedIsNotRetriedAndTheClientsFailuresNever() {
        try (Exchange exchange = engine(true).exchange(get("/items/1").method("POST"), "")) {
            Attempt first = send(exchange.start()).attempt();
            assertInstanceOf(Decision.Reject.class,
                    exchange.onFailure(first, ForwardFailure.UPSTREAM_FAILED, BodyState.NOT_REPLAYABLE, false));
            assertEquals(1, exchange.attempts().size());
        }
        try (Exchange exchange = engine(true).exchange(get("/items/1"), "")) {
            Attempt first = send(exchange.start()).attempt();
            Decision.Reject reject = assertInstanceOf(Decision.Reject.class,
                    exchange.onFailure(first, ForwardFailure.CONTENT_TOO_LARGE, BodyState.NOT_SENT, false));
            assertEquals(413, reject.problem().status());
            assertEquals(1, exchange.attempts().size());
        }
    }

    @Test
    void aRetriedStatusIsDiscardedWithoutBuildingItsHead() {
        try (Exchange exchange = engine(true).exchange(get("/items/1"), "")) {
            Attempt first = send(exchange.start()).attempt();
            assertInstanceOf(Exchange.Retry.class, exchange.onResponseHead(first, 503, "0", BodyState.NOT_SENT, NOT_ASKED));
            Attempt second = send(exchange.retry()).attempt();
            assertNotEquals(first.upstream().id(), second.upstream().id());
        }
    }

    @Test
    void aPlainRelayDoesNotBuildTheHead() {
        try (Exchange exchange = engine(true).exchange(get("/items/1").method("OPTIONS"), "")) {
            Decision.Reject notAllowedOnRoute = assertInstanceOf(Decision.Reject.class, exchange.start());
            assertEquals(404, notAllowedOnRoute.problem().status());
        }
        ProxyEngine engine = ProxyEngine.of(ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream("http://127.0.0.1:9001"))
                .route("r", r -> r.to("g"))
                .build());
        try (Exchange exchange = engine.exchange(get("/"), "")) {
            Attempt first = send(exchange.start()).attempt();
            Exchange.Relay relay = assertInstanceOf(Exchange.Relay.class,
                    exchange.onResponseHead(first, 200, null, BodyState.NOT_SENT, NOT_ASKED));
            assertNull(relay.head(), "without a cache the adapter copies the upstream's head itself");
            assertFalse(exchange.storing());
            assertFalse(exchange.compresses());
            assertNull(exchange.compression(200, name -> List.of(), 100));
        }
    }

    @Test
    void aCacheHitIsServedWithoutABalancerPickEvenWithNoUpstreamAvailable() {
        fetch(engine(true), "/items/1", "hello");

        ProxyEngine down = engine(false);
        try (Exchange exchange = down.exchange(get("/items/1"), "")) {
            Exchange.Serve serve = assertInstanceOf(Exchange.Serve.class, exchange.start());
            assertEquals("hello", body(serve));
            assertTrue(exchange.attempts().isEmpty(), "no upstream was picked");
            assertNotNull(serve.headers().get("X-Request-Id"));
        }
        try (Exchange exchange = down.exchange(get("/items/2"), "")) {
            Decision.Reject miss = assertInstanceOf(Decision.Reject.class, exchange.start());
            assertEquals(503, miss.problem().status(), "a miss needs an upstream");
            assertEquals("1", miss.headers().get("Retry-After"));
            assertNotNull(miss.headers().get("X-Request-Id"), "the edge's headers go with the problem");
        }
    }

    @Test
    void aStaleResponseIsServedWhenNoUpstreamCanTakeTheRevalidation_rfc5861_4() {
        fetch(engine(true), "/items/1", "old", "max-age=1, stale-if-error=600");
        clock.advanceSeconds(10);

        try (Exchange exchange = engine(false).exchange(get("/items/1"), "")) {
            Exchange.Serve serve = assertInstanceOf(Exchange.Serve.class, exchange.start(),
                    "stale-if-error instead of 503 when no upstream is available");
            assertEquals("old", body(serve));
            assertTrue(exchange.attempts().isEmpty());
        }
    }

    @Test
    void anUnsafeMethodThroughARouteWithoutCacheInvalidatesTheStoredUri() {
        ProxyEngine engine = engine(true);
        fetch(engine, "/items/1", "v1");
        try (Exchange exchange = engine.exchange(get("/items/1"), "")) {
            assertInstanceOf(Exchange.Serve.class, exchange.start(), "stored");
        }

        try (Exchange post = engine.exchange(get("/items/1").method("POST"), "")) {
            Attempt attempt = send(post.start()).attempt();
            post.onResponseHead(attempt, 204, null, BodyState.REPLAYABLE, () -> ResponseHead.of(204));
            post.onComplete(attempt, 204);
        }

        try (Exchange exchange = engine.exchange(get("/items/1"), "")) {
            assertInstanceOf(Exchange.Send.class, exchange.start(), "RFC 9111 §4.4: the POST's success invalidated it");
        }
    }

    @Test
    void aPurgeIsAnsweredByTheCacheAndNeverForwarded() {
        ProxyEngine engine = engine(true);
        fetch(engine, "/items/1", "v1");
        try (Exchange purge = engine.exchange(get("/items/1").method("PURGE"), "")) {
            Decision.Answer answer = assertInstanceOf(Decision.Answer.class, purge.start());
            assertEquals(200, answer.status());
            assertEquals("no-store", answer.headers().get("Cache-Control"));
            assertTrue(purge.attempts().isEmpty());
        }
        try (Exchange purge = engine.exchange(get("/items/1").method("PURGE"), "")) {
            assertEquals(404, assertInstanceOf(Decision.Reject.class, purge.start()).problem().status());
        }
    }

    @Test
    void compressionIsDecidedForTheRequestsClient() {
        ProxyEngine engine = ProxyEngine.of(ProxyConfig.builder()
                .compression(CompressionPolicy.gzip())
                .upstreamGroup("g", g -> g.upstream("http://127.0.0.1:9001"))
                .route("r", r -> r.to("g"))
                .build());
        try (Exchange exchange = engine.exchange(get("/").header("Accept-Encoding", "gzip"), "")) {
            Attempt attempt = send(exchange.start()).attempt();
            exchange.onResponseHead(attempt, 200, null, BodyState.NOT_SENT, NOT_ASKED);
            assertTrue(exchange.compresses());
            assertTrue(exchange.compression(200, name -> name.equalsIgnoreCase("Content-Type")
                    ? List.of("text/html") : List.of(), 10_000).compress());
        }
    }

    @Test
    void closingGivesBackEveryOpenAttemptOnce() {
        Exchange exchange = engine(true).exchange(get("/items/1"), "");
        Attempt first = send(exchange.start()).attempt();
        UpstreamState state = first.state();
        exchange.close();
        exchange.close();
        assertTrue(first.completed());
        assertEquals(0, state.inFlight());
    }

    /** A clock that moves only when told to. */
    private static final class MovingClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-05T12:00:00Z");

        void advanceSeconds(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aRejectionBeforeRoutingHoldsNothing() {
        FakeRequest trace = get("/items/1").method("TRACE");
        try (Exchange exchange = engine(true).exchange(trace, "")) {
            assertEquals(405, assertInstanceOf(Decision.Reject.class, exchange.start()).problem().status());
            assertNull(exchange.forward());
            assertTrue(exchange.attempts().isEmpty());
        }
    }
}

package io.gatehouse.proxy.engine;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.cache.Header;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.observe.AttemptEnded;
import io.gatehouse.proxy.observe.AttemptStarted;
import io.gatehouse.proxy.observe.Denied;
import io.gatehouse.proxy.observe.ProxyObserver;
import io.gatehouse.proxy.observe.RequestStarted;
import io.gatehouse.proxy.observe.ResponseCompleted;
import io.gatehouse.proxy.observe.RetryScheduled;
import io.gatehouse.proxy.observe.TraceContext;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimiters;
import io.gatehouse.proxy.resilience.BodyState;
import io.gatehouse.proxy.resilience.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The events an exchange tells its observers, and the trace context it sends; no sockets. */
class ExchangeObserveTest {

    /** Every event, as its record, in order. */
    static final class Recorder implements ProxyObserver {
        final List<Record> events = new ArrayList<>();

        @Override public void requestStarted(RequestStarted e) { events.add(e); }
        @Override public void attemptStarted(AttemptStarted e) { events.add(e); }
        @Override public void attemptEnded(AttemptEnded e) { events.add(e); }
        @Override public void retry(RetryScheduled e) { events.add(e); }
        @Override public void denied(Denied e) { events.add(e); }
        @Override public void responseCompleted(ResponseCompleted e) { events.add(e); }

        <T> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private final Recorder recorder = new Recorder();

    private ProxyEngine engine(TraceContext.Mode tracing) {
        return ProxyEngine.of(ProxyConfig.builder()
                .observer(recorder)
                .observer(new ProxyObserver() {
                    @Override
                    public void attemptStarted(AttemptStarted event) {
                        throw new IllegalStateException("a broken observer does not fail the request");
                    }
                })
                .traceContext(tracing)
                .upstreamGroup("g", g -> g.upstream("http://127.0.0.1:9001", u -> u.id("a"))
                        .upstream("http://127.0.0.1:9002", u -> u.id("b")))
                .route("items", r -> r.pathPrefix("/items").retry(RetryPolicy.defaults()).to("g"))
                .route("limited", r -> r.pathPrefix("/limited").to("g")
                        .rateLimit(RateLimiters.tokenBucket(Quota.perMinute(1).burst(1)).build()))
                .build());
    }

    @Test
    void aRetriedRequestTellsEveryAttemptTheRetryAndOneCompletion() {
        ProxyEngine engine = engine(TraceContext.Mode.PASS);
        try (Exchange exchange = engine.exchange(get("/items/7").query("key=secret"), "")) {
            Attempt first = assertInstanceOf(Exchange.Send.class, exchange.start()).attempt();
            assertInstanceOf(Exchange.Retry.class, exchange.onFailure(first, ForwardFailure.CONNECT_FAILED, BodyState.NOT_SENT, false));
            Attempt second = assertInstanceOf(Exchange.Send.class, exchange.retry()).attempt();
            assertInstanceOf(Exchange.Relay.class, exchange.onResponseHead(second, 200, null, BodyState.REPLAYABLE, () -> null));
            exchange.onComplete(second, 200);
            exchange.responded(200, 0, 1024);
            exchange.responded(200, 0, 1024); // once only
        }
        assertEquals(1, recorder.of(RequestStarted.class).size());
        List<AttemptStarted> attempts = recorder.of(AttemptStarted.class);
        assertEquals(2, attempts.size());
        assertEquals("/items/7", attempts.get(0).target(), "no query: it may hold secrets");
        List<AttemptEnded> ended = recorder.of(AttemptEnded.class);
        assertEquals(List.of(AttemptEnded.Outcome.CONNECT_FAILURE, AttemptEnded.Outcome.SUCCESS),
                ended.stream().map(AttemptEnded::outcome).toList());
        assertEquals(1, recorder.of(RetryScheduled.class).size());
        List<ResponseCompleted> completed = recorder.of(ResponseCompleted.class);
        assertEquals(1, completed.size());
        ResponseCompleted done = completed.get(0);
        assertEquals("items", done.routeId());
        assertEquals("g", done.groupId());
        assertEquals(attempts.get(1).upstreamId(), done.upstreamId());
        assertEquals(2, done.attempts());
        assertEquals(200, done.status());
        assertEquals(1024, done.bytesOut());
        assertEquals(ResponseCompleted.Source.UPSTREAM, done.source());
        assertEquals("/items/7", done.path());
        assertTrue(done.totalNanos() >= done.upstreamNanos());
    }

    @Test
    void aRateLimitedRequestIsADenial() {
        ProxyEngine engine = engine(TraceContext.Mode.PASS);
        for (int i = 0; i < 2; i++) {
            try (Exchange exchange = engine.exchange(get("/limited"), "")) {
                Exchange.Step step = exchange.start();
                exchange.responded(step instanceof Decision.Reject r ? r.problem().status() : 200, 0, 0);
            }
        }
        List<Denied> denied = recorder.of(Denied.class);
        assertEquals(1, denied.size());
        assertEquals(Denied.Kind.RATE_LIMIT, denied.get(0).kind());
        assertEquals(ResponseCompleted.Source.PROXY, recorder.of(ResponseCompleted.class).get(1).source());
        assertEquals(429, recorder.of(ResponseCompleted.class).get(1).status());
    }

    @Test
    void aValidTraceparentKeepsItsTraceWithTheProxysSpanPerAttempt() {
        ProxyEngine engine = engine(TraceContext.Mode.JOIN);
        String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (Exchange exchange = engine.exchange(get("/items").header("traceparent", incoming), "")) {
            Exchange.Send send = assertInstanceOf(Exchange.Send.class, exchange.start());
            String sent = traceparent(send);
            assertTrue(sent.matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01"), sent);
            assertTrue(!sent.contains("00f067aa0ba902b7"), "the proxy's span is the parent, not the client's");
            assertEquals(sent, recorder.of(AttemptStarted.class).get(0).traceparent());
            assertTrue(send.removedHeaders().isEmpty(), "tracestate goes on");
        }
    }

    @Test
    void aMalformedTraceparentIsReplacedAndItsTracestateDropped() {
        ProxyEngine engine = engine(TraceContext.Mode.JOIN);
        try (Exchange exchange = engine.exchange(get("/items").header("traceparent", "00-XYZ-broken"), "")) {
            Exchange.Send send = assertInstanceOf(Exchange.Send.class, exchange.start());
            assertTrue(traceparent(send).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"));
            assertEquals(List.of("tracestate"), send.removedHeaders());
        }
    }

    @Test
    void withoutTraceparentATraceStartsOnlyInStartMode() {
        try (Exchange exchange = engine(TraceContext.Mode.JOIN).exchange(get("/items"), "")) {
            assertNull(traceparent(assertInstanceOf(Exchange.Send.class, exchange.start())));
        }
        try (Exchange exchange = engine(TraceContext.Mode.START).exchange(get("/items"), "")) {
            assertTrue(traceparent(assertInstanceOf(Exchange.Send.class, exchange.start())).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"));
        }
    }

    private static String traceparent(Exchange.Send send) {
        return send.addedHeaders().stream().filter(h -> h.is("traceparent")).map(Header::value).findFirst().orElse(null);
    }
}

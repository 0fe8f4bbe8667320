package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.cache.CacheDecision;
import io.gatehouse.proxy.cache.CacheExchange;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.Header;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.cache.PurgeMethod;
import io.gatehouse.proxy.cache.ResponseHead;
import io.gatehouse.proxy.cache.ResponsePlan;
import io.gatehouse.proxy.compress.CompressionDecision;
import io.gatehouse.proxy.compress.CompressionPolicy;
import io.gatehouse.proxy.compress.ContentCoding;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.health.Outcome;
import io.gatehouse.proxy.http.Problem;
import io.gatehouse.proxy.http.RequestView;
import io.gatehouse.proxy.observe.AttemptEnded;
import io.gatehouse.proxy.observe.AttemptStarted;
import io.gatehouse.proxy.observe.CacheResult;
import io.gatehouse.proxy.observe.Denied;
import io.gatehouse.proxy.observe.ProxyObserver;
import io.gatehouse.proxy.observe.RequestStarted;
import io.gatehouse.proxy.observe.ResponseCompleted;
import io.gatehouse.proxy.observe.RetryScheduled;
import io.gatehouse.proxy.observe.TraceContext;
import io.gatehouse.proxy.resilience.BodyState;
import io.gatehouse.proxy.resilience.RetryDecision;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One request's way through the proxy, from its arrival to its end: holds the request's state
 * and answers, in order, what the adapter asks. The adapter does the I/O and reports what
 * happened on the wire; every decision is taken here:
 *
 * <pre>{@code
 * Exchange exchange = engine.exchange(clientToProxyRequest, mountPrefix);
 * act(exchange.start());                  // Reject / Answer / Serve / Await / Send
 * //   Await:  when the other request's fetch is done, act(exchange.resume(itsDecision))
 * //   Send:   send step.attempt(); on its response head:
 * //           act(exchange.onResponseHead(attempt, status, retryAfter, bodyState, head))  // Retry / Serve / Relay
 * //           each relayed body chunk: exchange.tee(chunk); at its end: exchange.onComplete(attempt, status)
 * //   failure of the attempt: act(exchange.onFailure(attempt, failure, bodyState, started))  // Retry / Serve / Reject
 * //   Retry:  after step.delay(), act(exchange.retry())      // Send / Serve / Reject
 * exchange.close();                       // at the very end, whatever happened
 * }</pre>
 *
 * <p>The stages, in the order of the request's way (docs/architecture.md): {@link #start()} runs
 * edge, route, access, rate limit and the route's plan ({@link ProxyEngine#decide}), then the
 * cache, then the load balancer; {@link #onResponseHead} the retry decision on the head, then the
 * cache's say (store, or answer from the store); {@link #compression} the content coding;
 * {@link #onComplete} / {@link #onFailure} the outcome for the upstream's health, the store, and
 * the next attempt or the problem.
 *
 * <p>One per request, never shared. Its calls follow one another (the adapter's events for one
 * request are sequential, each handing over to the next with a happens-before edge); the fields
 * written on one thread and read on the next are volatile.
 */
public final class Exchange implements AutoCloseable {

    /** The observe API's names of the core's kinds, same names (looked up once, not per request). */
    private static final AttemptEnded.Outcome[] OBSERVED_OUTCOMES = byName(Outcome.Kind.values(), AttemptEnded.Outcome.class);
    private static final CacheResult.CacheStatus[] OBSERVED_CACHE_STATUSES =
            byName(CacheDecision.Kind.values(), CacheResult.CacheStatus.class);

    private static final List<ContentCoding> CODINGS = List.of(ContentCoding.GZIP);
    private static final RetryDecision NO_RETRY = RetryDecision.stop("a background refresh is not retried");
    private static final String PURGED = "{\"status\":200,\"title\":\"Purged\"}";

    private final ProxyEngine engine;
    private final RequestView clientToProxyRequest;
    private final String mountPrefix;
    private final HttpCache httpCache;
    /** The decision of the edge stages, once {@link #start()} decided to forward; else null. */
    private volatile Decision.Forward forward;
    /** The cache's part of this exchange (validators, tee, store), or null when the cache is not involved. */
    private volatile CacheExchange cache;
    private volatile boolean storing;
    private volatile boolean cacheSettled;
    private volatile Failover failover;
    private volatile boolean closed;
    /**
     * A background refresh: one attempt, never retried, since its request (the client's, long
     * answered) cannot be read again for a later balancer pick.
     */
    private final boolean background;
    /** A WebSocket handshake ({@link #startWebSocket()}): one attempt, bridged, never cached. */
    private volatile boolean webSocket;
    // Observability (ADR 0015): null / untouched when no observer is registered, so that costs nothing.
    private final ProxyObserver observer;
    private final long startNanos;
    /** The request's W3C trace, when the proxy takes part in it; else null. */
    private volatile TraceContext.Trace trace;
    private volatile CacheResult.CacheStatus cacheStatus;
    private volatile ResponseCompleted.Source source = ResponseCompleted.Source.PROXY;
    private volatile AttemptStarted lastAttempt;
    private volatile long upstreamNanos;
    private volatile boolean responded;
    /** What {@link #responded} reports of the request: taken when it started. */
    private volatile RequestStarted requestStarted;
    /** A request answered by {@link #start()} without forwarding: its request id and route, for {@link #responded}. */
    private volatile String rejectedId;
    private volatile String rejectedRoute;

    Exchange(ProxyEngine engine, RequestView clientToProxyRequest, String mountPrefix) {
        this.engine = engine;
        this.clientToProxyRequest = clientToProxyRequest;
        this.mountPrefix = mountPrefix;
        this.httpCache = engine.config().httpCache();
        this.background = false;
        ProxyObserver configured = engine.config().observer();
        this.observer = configured == ProxyObserver.NONE ? null : configured;
        this.startNanos = observer == null ? 0 : engine.upstreams().nanoTime();
    }

    /** A background revalidation (RFC 5861 §3) of {@code forwarded}'s target: forwarded like any request, to the cache only. */
    private Exchange(Exchange forwarded, CacheExchange refresh) {
        this.engine = forwarded.engine;
        this.clientToProxyRequest = forwarded.clientToProxyRequest;
        this.mountPrefix = forwarded.mountPrefix;
        this.httpCache = forwarded.httpCache;
        this.background = true;
        this.forward = forwarded.forward.withoutLease();
        this.cache = refresh;
        this.observer = null;
        this.startNanos = 0;
        this.trace = forwarded.trace;
    }

    // ---------------------------------------------------------------- the request's way, in order

    /**
     * Decides what to do first with the request: the stages up to the first upstream.
     *
     * @return {@link Decision.Reject} or {@link Decision.Answer} (answer here), {@link Serve}
     *     (answer from the cache), {@link Await} (another request is fetching the same response),
     *     or {@link Send} (the first attempt, on the upstream the balancer picked)
     */
    public Step start() {
        return start(false);
    }

    /**
     * Decides what to do with a WebSocket handshake (RFC 6455 §4.1): the stages of {@link #start()}
     * but the cache (an upgrade is never cached), so the same edge, route, access, rate limit,
     * trace context, balancer and observers as any request.
     *
     * @return {@link Decision.Reject} or {@link Decision.Answer} (answer here), or {@link Send}
     *     (the upstream to bridge to); the adapter calls {@link #responded} with the status it sent
     *     (101 once both legs of a bridge closed) and {@link #close()} when the bridge ends
     */
    public Step startWebSocket() {
        return start(true);
    }

    private Step start(boolean webSocket) {
        // 0-3. Edge, route, access, rate limit (a concurrency slot held until close()), final
        //      recipient (Max-Forwards), and the route's plan: the group (the route's, or its traffic
        //      split's), the rewritten path. No upstream yet.
        Decision decision = engine.decide(clientToProxyRequest, mountPrefix);
        if (observer != null) {
            observeStart(decision);
        }
        if (!(decision instanceof Decision.Forward routed)) {
            return (Step) decision;
        }
        forward = routed;
        TraceContext.Mode tracing = engine.config().traceContext();
        if (tracing != TraceContext.Mode.PASS) {
            trace = TraceContext.of(tracing, routed.request().header(TraceContext.TRACEPARENT), ThreadLocalRandom.current());
        }
        if (webSocket) {
            this.webSocket = true;
            return balance();
        }
        // 4. The cache: PURGE; answer from the store; wait for a concurrent fetch of the same key; or
        //    forward (maybe as a validation). An unsafe method goes through it on every route (RFC 9111 §4.4).
        CachePolicy policy = routed.plan().route().cache();
        if (httpCache != null && httpCache.purgeMethod() != null && PurgeMethod.METHOD.equals(routed.request().method())) {
            return purge(policy);
        }
        if (httpCache != null && HttpCache.consulted(routed.request().method(), policy)) {
            return afterCache(httpCache.lookup(routed.request(), routed.plan().mountPrefix(), policy));
        }
        // 5. The load balancer: only a request that must go upstream spends a pick.
        return balance();
    }

    /**
     * The concurrent fetch an {@link Await} waited for is done: act on the decision it left (null
     * when the lookup after it failed: forward without the cache).
     */
    public Step resume(CacheDecision decision) {
        if (decision == null || decision instanceof CacheDecision.Await) {
            return balance();
        }
        return afterCache(decision);
    }

    private Step afterCache(CacheDecision decision) {
        if (decision instanceof CacheDecision.Serve serve) {
            cacheSettled = true;
            served(serve);
            return new Serve(serve, forward.responseHeaders(), serve.refresh() == null ? null : new Exchange(this, serve.refresh()));
        }
        if (decision instanceof CacheDecision.Await await) {
            return new Await(await.next());
        }
        cache = ((CacheDecision.Forward) decision).exchange();
        if (observer != null) {
            cacheStatus = CacheResult.CacheStatus.MISS;
            observer.cacheResult(new CacheResult(requestId(), forward.plan().route().id(), CacheResult.CacheStatus.MISS, 0));
        }
        return balance();
    }

    private Step balance() {
        Failover attempts = engine.failover(forward.plan(), forward.request());
        failover = attempts;
        Attempt first = attempts.first();
        // None healthy, all at their limit: 503 with Retry-After (or stale-if-error from the cache).
        return first == null ? end(attempts.rejection(), null, false) : send(first);
    }

    /** 6. Forward: the attempt's plan, with the cache's validators on a revalidation (RFC 9111 §4.3.1). */
    private Send send(Attempt attempt) {
        CacheExchange c = cache;
        TraceContext.Trace t = trace;
        String traceparent = null;
        Send send;
        if (t == null) {
            send = c == null ? new Send(attempt, List.of(), List.of())
                    : new Send(attempt, c.upstreamHeadersToRemove(), c.upstreamHeadersToAdd());
        } else {
            // W3C Trace Context §3.2.2.3: the proxy's span of this attempt is the upstream's parent.
            traceparent = t.traceparent(TraceContext.Trace.newSpanId(ThreadLocalRandom.current()));
            List<String> removed = new ArrayList<>(c == null ? List.of() : c.upstreamHeadersToRemove());
            List<Header> added = new ArrayList<>(c == null ? List.of() : c.upstreamHeadersToAdd());
            if (t.replaced()) {
                removed.add(TraceContext.TRACESTATE); // §3.3: no tracestate without its valid traceparent
            }
            added.add(new Header(TraceContext.TRACEPARENT, traceparent));
            send = new Send(attempt, removed, added);
        }
        if (observer != null) {
            observeAttempt(attempt, traceparent);
        }
        return send;
    }

    /**
     * The response head of {@code attempt} arrived (a valid one: the adapter refuses a head it
     * cannot relay as a failure).
     *
     * @param status the server-to-proxy status
     * @param retryAfter its {@code Retry-After} value, or null
     * @param body what of the request had been sent
     * @param head the proxy-to-client head after the response rules (hop-by-hop, {@code Location},
     *     {@code Via}); asked for only when the cache has a say, so a plain relay copies headers once
     * @return {@link Retry} (discard this response), {@link Serve} (discard it and answer from the
     *     cache: a 304 that validated the stored response, or stale-if-error after a 5xx), or
     *     {@link Relay}
     */
    public Step onResponseHead(Attempt attempt, int status, String retryAfter, BodyState body,
                               Supplier<ResponseHead> head) {
        // 6b. Retry instead of relaying (a retried status, e.g. 503 on a GET)?
        RetryDecision retry = background ? NO_RETRY : failover.onResponse(attempt, status, body, retryAfter);
        if (background) {
            attempt.headReceived();
        }
        if (retry.retry()) {
            observeRetry(attempt, retry);
            return new Retry(retry);
        }
        // 7. Response rules: applied by the adapter while building the head (forward.ResponseHeaderRule,
        //    LocationRewriter over the attempt's ForwardPlan, Via).
        // 8. Store: the cache passes the response on (teeing it when it stores it) or answers itself.
        CacheExchange c = cache;
        source = ResponseCompleted.Source.UPSTREAM;
        if (c == null) {
            return new Relay(null, null, forward.responseHeaders(), attempt.setCookie());
        }
        ResponseHead upstream = head.get();
        ResponsePlan plan = c.onResponse(upstream);
        if (plan instanceof CacheDecision.Serve serve) {
            attempt.complete(Outcome.response(status));
            cacheSettled = true;
            served(serve);
            return new Serve(serve, forward.responseHeaders(), null);
        }
        ResponsePlan.Pass pass = (ResponsePlan.Pass) plan;
        storing = pass.store().store();
        return new Relay(pass.head(), upstream, forward.responseHeaders(), attempt.setCookie());
    }

    /**
     * 9. Compression of a relayed response: whether and how to code it for this client (RFC 9110
     * §8.4, §12.5.3), from the head as it goes to the client. Null when compression is off.
     *
     * @param headers the proxy-to-client head's values by name
     * @param contentLength its {@code Content-Length}, or -1
     */
    public CompressionDecision compression(int status, Function<String, List<String>> headers, long contentLength) {
        CompressionPolicy policy = engine.config().compression();
        return policy == null ? null : policy.decide(forward.request(), status, headers, contentLength, CODINGS);
    }

    /** Whether {@link #compression} can say yes at all (the configuration compresses): else there is nothing to ask. */
    public boolean compresses() {
        return engine.config().compression() != null;
    }

    /** Whether the relayed body is being stored: only then does {@link #tee} want its chunks. */
    public boolean storing() {
        return storing;
    }

    /**
     * A chunk of the relayed body is about to go to the client: the cache keeps a copy while it
     * stores (the buffer's position is not changed).
     */
    public void tee(ByteBuffer chunk) {
        if (storing && !cache.onContent(chunk)) {
            storing = false;
        }
    }

    /** The relayed response of {@code attempt} arrived whole: its outcome feeds health; the cache stores it. */
    public void onComplete(Attempt attempt, int status) {
        attempt.complete(Outcome.response(status));
        CacheExchange c = cache;
        if (c != null && !cacheSettled) {
            cacheSettled = true;
            c.onComplete();
        }
    }

    /**
     * {@code attempt} failed before or while its response was relayed.
     *
     * @param failure what failed, by leg; {@link ForwardFailure#CLIENT_REQUEST_FAILED} and
     *     {@link ForwardFailure#CONTENT_TOO_LARGE} are the client's (the attempt counts as cancelled
     *     for its upstream, and nothing is retried)
     * @param body what of the request had been sent
     * @param responseStarted whether the proxy-to-client response had begun (its head copied): then
     *     nothing is retried or served instead, and the adapter aborts the client's response
     * @return {@link Retry}, {@link Serve} (stale-if-error, RFC 5861 §4) or {@link Decision.Reject}
     */
    public Step onFailure(Attempt attempt, ForwardFailure failure, BodyState body, boolean responseStarted) {
        if (clientSide(failure)) {
            return abandon(attempt, failure);
        }
        if (responseStarted || background) {
            attempt.complete(Outcome.failure(failure));
            return end(Decision.Reject.of(failure), forward.plan().route().id(), true);
        }
        RetryDecision retry = failover.onFailure(attempt, failure, body);
        if (retry.retry()) {
            observeRetry(attempt, retry);
        }
        return retry.retry() ? new Retry(retry) : end(Decision.Reject.of(failure), forward.plan().route().id(), false);
    }

    /**
     * After a {@link Retry}'s delay: the next attempt, or the answer when no upstream can take it.
     *
     * @return {@link Send}, {@link Serve} (stale-if-error) or {@link Decision.Reject} (503)
     */
    public Step retry() {
        Attempt next = failover.next();
        return next == null ? end(failover.rejection(), null, false) : send(next);
    }

    /**
     * The request cannot go on for a reason of the proxy's or the client's (no replayable body
     * for another attempt, the client went away): {@code attempt}, if any, counts as cancelled.
     */
    public Step abandon(Attempt attempt, ForwardFailure failure) {
        if (attempt != null) {
            attempt.complete(Outcome.cancelled());
        }
        return end(Decision.Reject.of(failure), forward.plan().route().id(), clientSide(failure));
    }

    private static boolean clientSide(ForwardFailure failure) {
        return failure == ForwardFailure.CLIENT_REQUEST_FAILED || failure == ForwardFailure.CONTENT_TOO_LARGE;
    }

    /**
     * The request ends without the response it was forwarded for: the cache lets waiting requests
     * go, and may answer from the store instead (stale-if-error, RFC 5861 §4) when nothing was sent
     * yet; else the problem, with the edge's response headers (request id, rate limits).
     */
    private Step end(Decision.Reject reject, String route, boolean responseStarted) {
        CacheExchange c = cache;
        if (c != null && !cacheSettled) {
            cacheSettled = true;
            CacheDecision.Serve stale = c.onFailure();
            if (stale != null && !responseStarted) {
                served(stale);
                return new Serve(stale, forward.responseHeaders(), null);
            }
        }
        Map<String, String> headers = reject.headers();
        if (!forward.responseHeaders().isEmpty()) {
            headers = new LinkedHashMap<>(reject.headers());
            headers.putAll(forward.responseHeaders());
        }
        return new Decision.Reject(reject.problem(), headers, route != null ? route : reject.route());
    }

    /**
     * A {@code PURGE} the cache answers itself ({@link HttpCache.Builder#purgeMethod}), after the
     * route's access rules and rate limits; never forwarded. 200 when stored responses were removed,
     * 404 when nothing was stored for the target URI, the purge method's denial otherwise.
     */
    private Step purge(CachePolicy policy) {
        Verdict verdict = httpCache.purgeMethod().check(forward.request());
        if (verdict instanceof Verdict.Deny deny) {
            Map<String, String> headers = new LinkedHashMap<>(forward.responseHeaders());
            headers.putAll(deny.headers());
            return new Decision.Reject(deny.problem(), headers);
        }
        if (!httpCache.purge(forward.request(), forward.plan().mountPrefix(), policy)) {
            return new Decision.Reject(Problem.of(404, "No stored response for this URI."), forward.responseHeaders());
        }
        Map<String, String> headers = new LinkedHashMap<>(forward.responseHeaders());
        headers.put("Cache-Control", "no-store");
        return new Decision.Answer(200, headers, "application/json", PURGED);
    }

    // ---------------------------------------------------------------- observers (ADR 0015)

    /** Whether observers are registered: only then does {@link #responded} want the response's figures. */
    public boolean observed() {
        return observer != null;
    }

    /**
     * The response to the client is complete (or aborted): tells the observers, once. The adapter
     * calls it just before {@link #close()} when {@link #observed()}.
     *
     * @param status the status sent (0 when none was)
     * @param bytesIn the request body bytes read from the client
     * @param bytesOut the response body bytes written to the client
     */
    public void responded(int status, long bytesIn, long bytesOut) {
        if (observer == null || responded) {
            return;
        }
        responded = true;
        Decision.Forward f = forward;
        AttemptStarted last = lastAttempt;
        String id = f != null ? f.requestId() : rejectedId;
        // From the start event, not the request view: a WebSocket's request is gone (recycled) when its bridge ends.
        RequestStarted begun = requestStarted;
        String route = f != null ? f.plan().route().id() : rejectedRoute;
        observer.responseCompleted(new ResponseCompleted(id, begun.client(), begun.method(), begun.path(), route,
                last == null ? null : last.groupId(), last == null ? null : last.upstreamId(), status, bytesIn, bytesOut,
                engine.upstreams().nanoTime() - startNanos, upstreamNanos, last == null ? 0 : last.number(),
                cacheStatus, source));
    }

    private void observeStart(Decision decision) {
        String id;
        String client;
        if (decision instanceof Decision.Forward f) {
            id = f.requestId();
            client = f.client() != null ? f.client().address() : clientToProxyRequest.clientAddress();
        } else {
            String header = engine.config().edge().requestIdHeader();
            Map<String, String> headers = decision instanceof Decision.Reject r ? r.headers()
                    : ((Decision.Answer) decision).headers();
            id = header == null ? null : headers.get(header);
            client = clientToProxyRequest.clientAddress();
            rejectedId = id;
        }
        requestStarted = new RequestStarted(id, clientToProxyRequest.method(), clientToProxyRequest.path(), client);
        observer.requestStarted(requestStarted);
        if (decision instanceof Decision.Reject reject) {
            rejectedRoute = reject.route();
            int status = reject.problem().status();
            Denied.Kind kind = status == 429 ? Denied.Kind.RATE_LIMIT
                    : status == 401 || status == 403 ? Denied.Kind.ACCESS : null;
            if (kind != null) {
                observer.denied(new Denied(id, reject.route(), kind, status));
            }
        }
    }

    private void observeAttempt(Attempt attempt, String traceparent) {
        var upstream = attempt.upstream();
        RoutePlan plan = forward.plan();
        AttemptStarted started = new AttemptStarted(forward.requestId(), plan.route().id(), plan.group().id(),
                upstream.id(), attempt.number(), upstream.scheme(), upstream.host(), upstream.port(),
                clientToProxyRequest.method(), attempt.plan().path(), engine.upstreams().nanoTime(), traceparent,
                trace == null ? null : trace.parentSpanId());
        lastAttempt = started;
        attempt.observe(this, started);
        observer.attemptStarted(started);
    }

    /** An observed attempt ended (called once, by {@link Attempt#complete}). */
    void attemptEnded(AttemptStarted started, Outcome outcome) {
        long took = engine.upstreams().nanoTime() - started.startNanos();
        upstreamNanos += took;
        if (webSocket && outcome.status() > 0) {
            source = ResponseCompleted.Source.UPSTREAM; // the upstream answered the handshake (101 or a refusal)
        }
        observer.attemptEnded(new AttemptEnded(started, OBSERVED_OUTCOMES[outcome.kind().ordinal()],
                outcome.status(), took));
    }

    private void observeRetry(Attempt attempt, RetryDecision retry) {
        if (observer != null) {
            RoutePlan plan = forward.plan();
            observer.retry(new RetryScheduled(forward.requestId(), plan.route().id(), plan.group().id(),
                    attempt.upstream().id(), attempt.number(), retry.reason(), retry.delay().toNanos()));
        }
    }

    private void served(CacheDecision.Serve serve) {
        source = ResponseCompleted.Source.CACHE;
        if (observer != null) {
            CacheResult.CacheStatus status = OBSERVED_CACHE_STATUSES[serve.kind().ordinal()];
            cacheStatus = status;
            if (!status.served()) {
                source = ResponseCompleted.Source.PROXY;
            }
            observer.cacheResult(new CacheResult(requestId(), forward.plan().route().id(), status,
                    serve.body() == null ? 0 : serve.body().remaining()));
        }
    }

    // ---------------------------------------------------------------- what the adapter reads

    /** The decision of the edge stages (route plan, headers to set and remove); null until {@link #start()} forwarded. */
    public Decision.Forward forward() {
        return forward;
    }

    /** The attempts made so far, first to last (empty before the balancer picked). */
    public List<Attempt> attempts() {
        Failover f = failover;
        return f == null ? List.of() : f.attempts();
    }

    /** The request's id, or null when request ids are off or the request was not forwarded. */
    public String requestId() {
        Decision.Forward f = forward;
        return f == null ? null : f.requestId();
    }

    /**
     * Ends the exchange: open attempts complete as cancelled, the route's concurrency slot is
     * given back, a cache fetch still open lets its waiting requests go. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Failover f = failover;
        if (f != null) {
            f.close();
        }
        CacheExchange c = cache;
        if (c != null && !cacheSettled) {
            cacheSettled = true;
            storing = false;
            c.onFailure();
        }
        Decision.Forward routed = forward;
        if (routed != null) {
            routed.close();
        }
    }

    @Override
    public String toString() {
        return "Exchange[" + clientToProxyRequest.method() + " " + clientToProxyRequest.path()
                + (failover == null ? "" : ", " + failover.attempts()) + (cache == null ? "" : ", " + cache) + "]";
    }

    // ---------------------------------------------------------------- the steps

    /** What the adapter does next; which kinds a method returns is in its Javadoc. */
    public sealed interface Step permits Decision.Reject, Decision.Answer, Serve, Await, Send, Retry, Relay {
    }

    /**
     * Answer from the cache: write {@code response} as it is, with the request's extra headers.
     *
     * @param response the stored response, its head and body as the client gets them
     * @param headers the edge's response headers (request id, rate limits), set after the head's
     * @param refresh a background revalidation to forward now (stale-while-revalidate, RFC 5861
     *     §3), whose response goes to the cache only: an exchange of its own, already routed, whose
     *     first attempt is {@link Exchange#refreshAttempt()}; or null
     */
    public record Serve(CacheDecision.Serve response, Map<String, String> headers, Exchange refresh) implements Step {
    }

    /** Another request is fetching the same response: wait for {@code fetch} without a thread, then {@link #resume}. */
    public record Await(CompletableFuture<CacheDecision> fetch) implements Step {
    }

    /**
     * Send an attempt: its plan, the request's headers as the edge edits them
     * ({@link Decision.Forward}), then these.
     *
     * @param attempt the attempt, its upstream leased
     * @param removedHeaders request headers to remove (the client's validators when the cache revalidates)
     * @param addedHeaders request headers to set (the cache's validators)
     */
    public record Send(Attempt attempt, List<String> removedHeaders, List<Header> addedHeaders) implements Step {
    }

    /** Discard what the attempt brought and, after {@code decision.delay()}, call {@link #retry()}. */
    public record Retry(RetryDecision decision) implements Step {
    }

    /**
     * Relay the upstream's response to the client.
     *
     * @param head the proxy-to-client head to write, or null to copy the upstream's by the response rules
     * @param replaced the head {@code head} was made from (headers it dropped are removed), or null
     * @param headers the edge's response headers, set after the head's
     * @param setCookie a {@code Set-Cookie} to add (session affinity), or null
     */
    public record Relay(ResponseHead head, ResponseHead replaced, Map<String, String> headers, String setCookie)
            implements Step {
    }

    // ---------------------------------------------------------------- background refresh

    /**
     * The first attempt of a background refresh ({@link Serve#refresh()}): a {@code GET} of the
     * same target on an upstream the balancer picks, or null when none can take it (the refresh is
     * dropped and the cache told so). Its response goes through {@link #onResponseHead},
     * {@link #tee} and {@link #onComplete} or {@link #onFailure} like any other; close it at its end.
     */
    public Send refreshAttempt() {
        Failover attempts = engine.failover(forward.plan(), forward.request());
        failover = attempts;
        Attempt first = attempts.first();
        if (first == null) {
            close();
            return null;
        }
        return send(first);
    }

    private static <T extends Enum<T>> T[] byName(Enum<?>[] kinds, Class<T> type) {
        @SuppressWarnings("unchecked")
        T[] names = (T[]) java.lang.reflect.Array.newInstance(type, kinds.length);
        for (Enum<?> kind : kinds) {
            names[kind.ordinal()] = Enum.valueOf(type, kind.name());
        }
        return names;
    }
}

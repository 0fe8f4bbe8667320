package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.cache.CacheDecision;
import io.gatehouse.proxy.cache.CacheExchange;
import io.gatehouse.proxy.cache.ResponseHead;
import io.gatehouse.proxy.cache.ResponsePlan;
import io.gatehouse.proxy.engine.Attempt;
import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.engine.Failover;
import io.gatehouse.proxy.engine.ForwardPlan;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.health.Outcome;
import io.gatehouse.proxy.http.Problem;
import io.gatehouse.proxy.resilience.BodyState;
import io.gatehouse.proxy.resilience.RetryDecision;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied exchange: sends a proxy-to-server request per attempt, lets the core's
 * {@link Failover} decide after a failure or an unwanted response head whether to try again
 * (another upstream, or a fresh connection after a stale pooled one — the request body is
 * replayed by {@link RequestBodyPump}), relays the chosen server-to-proxy response to the
 * client, and answers failures with a problem (or aborts the client response when it was
 * already under way). Every attempt's outcome goes back to the core (in-flight counts, latency,
 * passive health); the route's concurrency lease and the failover are closed exactly once, when
 * the exchange ends.
 *
 * <p>State is touched by the server's thread (start), jetty-client's threads (response events)
 * and the container's I/O callbacks; the shared fields are volatile, and the events of one
 * attempt are sequential.
 */
final class ForwardExchange {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardExchange.class);
    /**
     * The jetty-client destination tag of attempts that must not reuse a pooled connection. Such
     * attempts also send {@code Connection: close}, so the tagged destination never pools a
     * connection either: each one is new (a pooled one could be as stale as the one that failed).
     */
    private static final String FRESH_CONNECTION_TAG = "gatehouse-fresh-connection";
    /**
     * How much of a client's body is read and sent upstream at a time: jetty-client's 4 KiB
     * request buffer made a 1 GiB upload 262,144 round trips through the pump (bench/RESULTS.md).
     */
    private static final int BODY_CHUNK = 16 * 1024;

    private final HttpClient client;
    private final UpstreamDestinations destinations;
    private final String via;
    private final HttpServletRequest clientToProxyRequest;
    private final HttpServletResponse proxyToClientResponse;
    private final AsyncContext async;
    private final Decision.Forward forward;
    private final Failover failover;
    private final HttpFields upstreamHeaders;
    private final ClientWriter clientWriter;
    private final RequestBodyPump body;
    private final ExchangeListener listener;
    private volatile BodyWriter writer;
    private volatile Call current;
    private volatile boolean headCopied;
    private volatile boolean clientFailed;
    private volatile boolean bodyTooLarge;
    private volatile boolean ended;
    private final CacheExchange cache;
    private volatile boolean teeing;
    private volatile boolean cacheSettled;
    /** The write of the last 103 Early Hints relayed to the client, or null: the client's next write waits for it. */
    private volatile CompletableFuture<Void> earlyHints;

    ForwardExchange(UpstreamDestinations destinations, String via, HttpServletRequest clientToProxyRequest,
                    HttpServletResponse proxyToClientResponse, Decision.Forward forward, Failover failover,
                    long replayLimit, ExchangeListener listener, CacheExchange cache) throws IOException {
        this.client = destinations.client();
        this.destinations = destinations;
        this.via = via;
        this.clientToProxyRequest = clientToProxyRequest;
        this.proxyToClientResponse = proxyToClientResponse;
        this.forward = forward;
        this.failover = failover;
        this.upstreamHeaders = UpstreamRequestHeaders.build(clientToProxyRequest, forward, via);
        this.cache = cache;
        this.async = clientToProxyRequest.isAsyncStarted() ? clientToProxyRequest.getAsyncContext()
                : clientToProxyRequest.startAsync();
        this.async.setTimeout(0);
        this.clientWriter = new ClientWriter(proxyToClientResponse.getOutputStream(), this::onClientFailure);
        this.writer = clientWriter;
        this.listener = listener;
        this.body = hasBody(clientToProxyRequest)
                ? new RequestBodyPump(clientToProxyRequest.getInputStream(), BODY_CHUNK, replayLimit,
                forward.plan().route().maxBodySize(), this::onClientFailure)
                : null;
    }

    /** One attempt on the wire. */
    static final class Call {
        final Attempt attempt;
        volatile Request request;
        volatile boolean begun;
        volatile boolean discarded;

        Call(Attempt attempt) {
            this.attempt = attempt;
        }
    }

    /** Sends the first attempt and starts reading the client's body. */
    void start(Attempt first) {
        send(first);
        if (body != null) {
            body.start();
        }
    }

    BodyWriter writer() {
        return writer;
    }

    ExchangeListener listener() {
        return listener;
    }

    boolean isCurrent(Call call) {
        return call == current && !call.discarded;
    }

    private void send(Attempt attempt) {
        Call call = new Call(attempt);
        ForwardPlan plan = attempt.plan();
        ExactTargetRequest target = ExactTargetRequest.to(client, plan);
        target.onEarlyHints(hints -> onEarlyHints(call, hints));
        Request request = target
                .method(clientToProxyRequest.getMethod())
                .headers(headers -> headers.add(upstreamHeaders))
                .onRequestBegin(r -> call.begun = true);
        if (cache != null) {
            // A revalidation: the cache's validators replace the client's (RFC 9111 §4.3.1).
            request.headers(headers -> {
                cache.upstreamHeadersToRemove().forEach(headers::remove);
                cache.upstreamHeadersToAdd().forEach(header -> headers.put(header.name(), header.value()));
            });
        }
        if (attempt.freshConnection()) {
            request.tag(FRESH_CONNECTION_TAG)
                    .headers(headers -> headers.put(HttpHeader.CONNECTION, "close"));
        }
        if (body != null) {
            AsyncRequestContent content = body.newAttemptContent();
            if (content == null) {
                attempt.complete(Outcome.cancelled());
                fail(ForwardFailure.UPSTREAM_FAILED, null);
                return;
            }
            request.body(content);
        }
        UpstreamTimeouts.apply(request, plan.route(), client.getScheduler(), client.getConnectTimeout(),
                client.getIdleTimeout());
        call.request = request;
        current = call;
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} P2S attempt {} {} {}", id(), attempt.number(), request.getMethod(), plan.target());
        }
        destinations.send(request, new ResponseRelay(this, call));
    }

    /** An attempt's response head arrived: retry instead, or copy it to the client (nothing is committed yet). */
    void onResponseHead(Call call, Response serverToProxyResponse) {
        if (!isCurrent(call)) {
            return;
        }
        call.attempt.headReceived();
        int status = serverToProxyResponse.getStatus();
        String invalid = invalidHead(serverToProxyResponse);
        if (invalid != null) {
            // Aborted here, the attempt completes as INVALID_RESPONSE (a 502, not retried); nothing
            // was copied to the client, whose connection stays usable.
            serverToProxyResponse.abort(new InvalidUpstreamResponseException(invalid));
            return;
        }
        RetryDecision decision = failover.onResponse(call.attempt, status, bodyState(call),
                serverToProxyResponse.getHeaders().get(HttpHeader.RETRY_AFTER));
        if (decision.retry()) {
            call.discarded = true;
            serverToProxyResponse.abort(new RetryingException());
            retryAfter(decision);
            return;
        }
        ForwardPlan plan = call.attempt.plan();
        Supplier<String> publicOrigin = () -> ClientResponseHeaders.publicOrigin(clientToProxyRequest);
        if (cache != null) {
            ResponseHead head = ClientResponseHeaders.head(publicOrigin, serverToProxyResponse, plan, via);
            ResponsePlan answer = cache.onResponse(head);
            if (answer instanceof CacheDecision.Serve serve) {
                // A 304 that validated the stored response, or stale-if-error after a 5xx: answer from the store.
                call.discarded = true;
                if (status != 304) {
                    // A 304 has no body (RFC 9110 §15.4.5): it completes on its own and its
                    // connection stays pooled; an error's body is not wanted.
                    serverToProxyResponse.abort(new RetryingException());
                }
                call.attempt.complete(Outcome.response(status));
                cacheSettled = true;
                serveFromCache(serve);
                return;
            }
            ResponseHead passed = ((ResponsePlan.Pass) answer).head();
            ClientResponseHeaders.apply(proxyToClientResponse, passed, head);
            teeing = ((ResponsePlan.Pass) answer).store().store();
        } else {
            ClientResponseHeaders.copy(publicOrigin, serverToProxyResponse, plan, via, proxyToClientResponse);
        }
        headCopied = true;
        forward.responseHeaders().forEach(proxyToClientResponse::setHeader);
        if (call.attempt.setCookie() != null) {
            proxyToClientResponse.addHeader("Set-Cookie", call.attempt.setCookie());
        }
        writer = listener.onResponseHead(serverToProxyResponse, proxyToClientResponse, clientWriter);
    }

    /** The attempt ended: complete the client response, retry, or answer the failure. */
    void onAttemptComplete(Call call, Result result) {
        if (!isCurrent(call)) {
            return;
        }
        if (result.isSucceeded()) {
            call.attempt.complete(Outcome.response(result.getResponse().getStatus()));
            if (cache != null && !cacheSettled) {
                cacheSettled = true;
                cache.onComplete();
            }
            afterEarlyHints(() -> writer.finish(Callback.from(() -> end(null), failure -> {
                onClientFailure(failure);
                end(failure);
            })));
            return;
        }
        Throwable failure = result.getFailure();
        if (clientFailed) {
            call.attempt.complete(Outcome.cancelled());
            fail(bodyTooLarge ? ForwardFailure.CONTENT_TOO_LARGE : ForwardFailure.CLIENT_REQUEST_FAILED, failure);
            return;
        }
        ForwardFailure reason = FailureClassifier.classify(failure, call.begun, headCopied);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} P2S attempt {} failed ({}) for {}", id(), call.attempt.number(), reason,
                    call.attempt.plan().target(), failure);
        }
        if (headCopied) {
            // The response was already being relayed: no retry, the client response is aborted or replaced.
            call.attempt.complete(Outcome.failure(reason));
            fail(reason, failure);
            return;
        }
        RetryDecision decision = failover.onFailure(call.attempt, reason, bodyState(call));
        if (decision.retry()) {
            retryAfter(decision);
        } else {
            fail(reason, failure);
        }
    }

    private void retryAfter(RetryDecision decision) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} retrying after {} ({})", id(), decision.delay(), decision.reason());
        }
        long delay = decision.delay().toNanos();
        if (delay <= 0) {
            retry();
        } else {
            client.getScheduler().schedule(this::retry, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void retry() {
        if (clientFailed) {
            fail(ForwardFailure.CLIENT_REQUEST_FAILED, null);
            return;
        }
        Attempt next = failover.next();
        if (next == null) {
            Decision.Reject rejection = failover.rejection();
            answer(rejection.problem(), rejection.headers(), null);
            return;
        }
        send(next);
    }

    private BodyState bodyState(Call call) {
        if (!call.begun) {
            return BodyState.NOT_SENT;
        }
        return body == null || body.replayable() ? BodyState.REPLAYABLE : BodyState.NOT_REPLAYABLE;
    }

    private void onClientFailure(Throwable failure) {
        if (failure instanceof RequestBodyPump.TooLargeException) {
            bodyTooLarge = true;
        }
        clientFailed = true;
        Call call = current;
        if (call != null && call.request != null) {
            call.request.abort(failure);
        }
    }

    /**
     * The upstream sent 103 Early Hints (RFC 8297) before its final response: its {@code Link}
     * fields go to the client in a 103 of the proxy's own, unless the client speaks HTTP/1.0
     * (RFC 9110 §15.2: no 1xx to an HTTP/1.0 client), the final head is already being relayed, or
     * the previous 103's write is still under way (this one is dropped). The client's next write
     * waits for it ({@link #afterEarlyHints}): Jetty fails a write that overlaps an interim one.
     * Runs on a jetty-client thread; does not block.
     */
    private void onEarlyHints(Call call, HttpFields serverToProxyHints) {
        CompletableFuture<Void> previous = earlyHints;
        if (!isCurrent(call) || headCopied || clientFailed || (previous != null && !previous.isDone())
                || "HTTP/1.0".equals(clientToProxyRequest.getProtocol())) {
            return;
        }
        HttpFields.Mutable links = HttpFields.build();
        for (HttpField field : serverToProxyHints) {
            if (field.getHeader() == HttpHeader.LINK) {
                links.add(field);
            }
        }
        if (links.size() == 0) {
            return;
        }
        ServletContextResponse core = ServletContextResponse.getServletContextResponse(proxyToClientResponse);
        if (core != null) {
            earlyHints = core.writeInterim(HttpStatus.EARLY_HINTS_103, links.asImmutable());
        }
    }

    /** Whether a 103 Early Hints is still being written to the client. */
    boolean earlyHintsPending() {
        CompletableFuture<Void> hints = earlyHints;
        return hints != null && !hints.isDone();
    }

    /** Runs a write to the client once the 103 Early Hints relayed before it, if any, is written. */
    void afterEarlyHints(Runnable write) {
        CompletableFuture<Void> hints = earlyHints;
        if (hints == null || hints.isDone()) {
            write.run();
        } else {
            hints.whenComplete((done, failure) -> write.run());
        }
    }

    /** A response body chunk is about to go to the client: the cache keeps a copy while it stores. */
    void tee(ByteBuffer chunk) {
        if (teeing && !cache.onContent(chunk)) {
            teeing = false;
        }
    }

    private void fail(ForwardFailure reason, Throwable failure) {
        answer(reason.problem(), Map.of(), failure == null ? new IllegalStateException(reason.name()) : failure);
    }

    private void serveFromCache(CacheDecision.Serve serve) {
        afterEarlyHints(() -> CachedResponses.sendAsync(proxyToClientResponse, serve, forward.responseHeaders(),
                Callback.from(() -> end(null), failure -> {
                    onClientFailure(failure);
                    end(failure);
                })));
    }

    private void answer(Problem problem, Map<String, String> headers, Throwable failure) {
        if (cache != null && !cacheSettled) {
            cacheSettled = true;
            CacheDecision.Serve stale = cache.onFailure();
            if (stale != null && !headCopied && !writer.started() && !clientWriter.started() && !clientFailed) {
                // stale-if-error (RFC 5861 §4): the stored response instead of the error.
                serveFromCache(stale);
                return;
            }
        }
        Throwable cause = failure == null ? new IllegalStateException("status " + problem.status()) : failure;
        Call last = current;
        ProblemLog log = new ProblemLog(forward.requestId(), clientToProxyRequest, forward.plan().route().id(),
                last == null ? null : last.attempt.plan().upstream().id(),
                failure != null ? failure : "no upstream left to try after " + failover.attempts().size() + " attempt(s)");
        // The edge's headers (request id, rate limits) go with the problem, before its body commits the response.
        afterEarlyHints(() -> ProblemResponses.sendAsync(proxyToClientResponse, problem, withEdgeHeaders(headers),
                writer.started() || clientWriter.started(), log, Callback.from(() -> end(cause), x -> {
                    LOG.debug("{} could not send problem {}", id(), problem.status(), x);
                    end(cause);
                })));
    }

    private Map<String, String> withEdgeHeaders(Map<String, String> headers) {
        if (forward.responseHeaders().isEmpty()) {
            return headers;
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(forward.responseHeaders());
        return all;
    }

    /** Ends the exchange once: listener, failover (open attempts cancelled), lease, then the async context. */
    private void end(Throwable failure) {
        if (ended) {
            return;
        }
        ended = true;
        try {
            listener.onComplete(failure);
        } catch (RuntimeException e) {
            LOG.warn("{} exchange listener failed", id(), e);
        } finally {
            failover.close();
            forward.close();
            async.complete();
        }
    }

    private int id() {
        return System.identityHashCode(clientToProxyRequest);
    }

    /**
     * Why a response head cannot be relayed, or null: a final status outside 200-599 (RFC 9110
     * §15: three digits, 1xx interim ones are read past by {@link InterimResponses}), or a
     * {@code Transfer-Encoding} other than {@code chunked} alone. jetty-client refuses a final
     * coding other than chunked itself (RFC 9112 §6.3 would let it read such a body until the
     * connection closes; its parser does not), but passes {@code gzip, chunked}, whose body is
     * still gzip-coded once unchunked: the client's leg cannot say so (transfer codings are
     * hop-by-hop) and relaying it would corrupt the content, so it is refused as nginx does
     * (ADR 0009).
     */
    private static String invalidHead(Response serverToProxyResponse) {
        int status = serverToProxyResponse.getStatus();
        if (status < 200 || status > 599) {
            return "status " + status + " is outside 200-599";
        }
        List<String> codings = serverToProxyResponse.getHeaders().getCSV(HttpHeader.TRANSFER_ENCODING, false);
        if (!codings.isEmpty() && !(codings.size() == 1 && "chunked".equalsIgnoreCase(codings.get(0)))) {
            return "Transfer-Encoding " + String.join(", ", codings) + " (only chunked can be relayed)";
        }
        return null;
    }

    private static boolean hasBody(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        return length > 0 || (length < 0 && request.getHeader("Transfer-Encoding") != null);
    }

    /** Aborts a response head the failover chose to retry instead of relaying. */
    private static final class RetryingException extends Exception {
        private static final long serialVersionUID = 1L;

        RetryingException() {
            super("retrying on another attempt", null, false, false);
        }
    }
}

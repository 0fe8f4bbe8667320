package io.gatehouse.proxy.jetty.forward;

import io.gatehouse.proxy.engine.Attempt;
import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.engine.Exchange;
import io.gatehouse.proxy.engine.ForwardPlan;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.http.Grpc;
import io.gatehouse.proxy.http.Problem;
import io.gatehouse.proxy.jetty.cache.CachedResponses;
import io.gatehouse.proxy.jetty.compress.CompressionListener;
import io.gatehouse.proxy.jetty.edge.BodyWriter;
import io.gatehouse.proxy.jetty.edge.ClientResponseHeaders;
import io.gatehouse.proxy.jetty.edge.ClientWriter;
import io.gatehouse.proxy.jetty.edge.ExchangeListener;
import io.gatehouse.proxy.jetty.edge.ObservedResponses;
import io.gatehouse.proxy.jetty.edge.ProblemLog;
import io.gatehouse.proxy.jetty.edge.ProblemResponses;
import io.gatehouse.proxy.resilience.BodyState;
import io.gatehouse.proxy.resilience.RetryDecision;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O of one forwarded request: sends the proxy-to-server request of each attempt the core's
 * {@link Exchange} decides, reports the server-to-proxy response head, body and end (or the
 * failure, classified by leg) back to it, and does what it answers: relay the response to the
 * client, retry after a delay (the request body is replayed by {@link RequestBodyPump}), answer
 * from the cache, or answer with a problem (aborting the client response when it was already
 * under way). Every decision — retries, passive health outcomes, the cache's store and
 * stale-if-error, compression — is the exchange's; the exchange is closed exactly once, when this
 * ends.
 *
 * <p>Events come on the server's thread (start), jetty-client's threads (response events), the
 * scheduler's (a retry's delay) and the container's I/O callbacks. Where the exchange is in its
 * life is one {@link ExchangePhase}, moved by compare-and-set: of two racing events the second
 * finds its transition refused, and an event that comes late (after a retry, an answer or the
 * end) does nothing.
 */
public final class ForwardExchange {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardExchange.class);
    /**
     * How much of a client's body is read and sent upstream at a time: jetty-client's 4 KiB
     * request buffer made a 1 GiB upload 262,144 round trips through the pump (bench/RESULTS.md).
     */
    private static final int BODY_CHUNK = 16 * 1024;

    private final HttpClient client;
    private final UpstreamDestinations destinations;
    private final HttpServletRequest clientToProxyRequest;
    private final HttpServletResponse proxyToClientResponse;
    private final AsyncContext async;
    private final Exchange exchange;
    private final String requestId;
    private final HttpFields upstreamHeaders;
    private final ClientWriter clientWriter;
    private final RequestBodyPump body;
    private final ExchangeListener listener;
    private volatile BodyWriter writer;
    /** Where the exchange is: every transition is a compare-and-set ({@link ExchangePhase#allows}). */
    private final AtomicReference<ExchangePhase> phase = new AtomicReference<>(ExchangePhase.SENDING);
    /** The attempt on the wire: the last one sent, null while waiting to retry. */
    private volatile Call current;
    /** The write of the last 103 Early Hints relayed to the client, or null: the client's next write waits for it. */
    private volatile CompletableFuture<Void> earlyHints;
    private final String via;
    /** Whether the request is a gRPC call ({@code application/grpc}). */
    private final boolean grpc;
    /** The upstream's trailer fields, known once its response completed; read by the client response's trailer supplier. */
    private volatile HttpFields upstreamTrailers;
    /** Whether the client response has the trailer supplier (set before its head is committed). */
    private volatile boolean trailersOffered;
    /** Whether the first body chunk was looked at for trailers ({@link #beforeFirstChunk}). */
    private boolean trailersDecided;

    public ForwardExchange(UpstreamDestinations destinations, String via, HttpServletRequest clientToProxyRequest,
                    HttpServletResponse proxyToClientResponse, Exchange exchange) throws IOException {
        Decision.Forward forward = exchange.forward();
        this.client = destinations.client();
        this.destinations = destinations;
        this.via = via;
        this.clientToProxyRequest = clientToProxyRequest;
        this.proxyToClientResponse = proxyToClientResponse;
        this.exchange = exchange;
        this.requestId = forward.requestId();
        this.upstreamHeaders = UpstreamRequestHeaders.build(clientToProxyRequest, forward, via);
        this.grpc = Grpc.isGrpc(clientToProxyRequest.getContentType());
        this.async = clientToProxyRequest.isAsyncStarted() ? clientToProxyRequest.getAsyncContext()
                : clientToProxyRequest.startAsync();
        this.async.setTimeout(0);
        this.clientWriter = new ClientWriter(proxyToClientResponse.getOutputStream(), this::onClientFailure);
        this.writer = clientWriter;
        this.listener = exchange.compresses() ? new CompressionListener(exchange) : ExchangeListener.NONE;
        this.body = hasBody(clientToProxyRequest)
                ? new RequestBodyPump(clientToProxyRequest.getInputStream(), BODY_CHUNK,
                forward.plan().route().retry().replayLimit(), forward.plan().route().maxBodySize(), this::onClientFailure)
                : null;
    }

    /** One attempt on the wire. */
    public static final class Call {
        final Attempt attempt;
        public volatile Request request;
        volatile boolean begun;

        public Call(Attempt attempt) {
            this.attempt = attempt;
        }
    }

    /** Sends the first attempt and starts reading the client's body. */
    public void start(Exchange.Send first) {
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

    /** Whether {@code call}'s response events still count: it is the attempt on the wire, and the exchange still waits for it. */
    boolean isCurrent(Call call) {
        return call == current && phase.get().attemptLive();
    }

    /** The phase now (tests). */
    public ExchangePhase phase() {
        return phase.get();
    }

    /** The attempt on the wire, or null before the first is sent (tests). */
    public Call current() {
        return current;
    }

    /** Moves to {@code next} if the phase now allows it; false when another event came first. */
    private boolean moveTo(ExchangePhase next) {
        while (true) {
            ExchangePhase now = phase.get();
            if (!now.allows(next)) {
                return false;
            }
            if (phase.compareAndSet(now, next)) {
                return true;
            }
        }
    }

    private void send(Exchange.Send step) {
        Attempt attempt = step.attempt();
        AsyncRequestContent content = null;
        if (body != null) {
            content = body.newAttemptContent();
            if (content == null) {
                act(exchange.abandon(attempt, ForwardFailure.UPSTREAM_FAILED), null);
                return;
            }
        }
        Call call = new Call(attempt);
        ExactTargetRequest request = AttemptRequest.build(destinations, step, clientToProxyRequest.getMethod(), upstreamHeaders);
        request.onEarlyHints(hints -> onEarlyHints(call, hints));
        request.onRequestBegin(r -> call.begun = true);
        if (content != null) {
            request.body(content);
            if (clientToProxyRequest.getContentLengthLong() < 0 || !clientToProxyRequest.getProtocol().startsWith("HTTP/1")) {
                // A chunked or HTTP/2 body may end with trailer fields: read once the body was (RFC 9110 §6.5).
                request.trailersSupplier(this::requestTrailers);
            }
        }
        call.request = request;
        current = call;
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} P2S attempt {} {} {}", id(), attempt.number(), request.getMethod(), attempt.plan().target());
        }
        destinations.send(request, new ResponseRelay(this, call));
    }

    /** An attempt's response head arrived: the exchange says retry, answer from the cache, or relay it. */
    public void onResponseHead(Call call, Response serverToProxyResponse) {
        boolean mdc = ObservedResponses.enter(requestId);
        try {
            relayHead(call, serverToProxyResponse);
        } finally {
            ObservedResponses.leave(mdc);
        }
    }

    private void relayHead(Call call, Response serverToProxyResponse) {
        if (call != current || phase.get() != ExchangePhase.SENDING) {
            return;
        }
        String invalid = invalidHead(serverToProxyResponse);
        if (invalid != null) {
            // Aborted here, the attempt completes as INVALID_RESPONSE (a 502, not retried); nothing
            // was copied to the client, whose connection stays usable.
            call.attempt.headReceived();
            serverToProxyResponse.abort(new InvalidUpstreamResponseException(invalid));
            return;
        }
        int status = serverToProxyResponse.getStatus();
        ForwardPlan plan = call.attempt.plan();
        Supplier<String> publicOrigin = () -> ClientResponseHeaders.publicOrigin(clientToProxyRequest);
        Exchange.Step step = exchange.onResponseHead(call.attempt, status,
                serverToProxyResponse.getHeaders().get(HttpHeader.RETRY_AFTER), bodyState(call),
                () -> ClientResponseHeaders.head(publicOrigin, serverToProxyResponse, plan, via));
        if (step instanceof Exchange.Relay relay) {
            if (!moveTo(ExchangePhase.RELAYING)) {
                return; // the client failed meanwhile: the aborted attempt's end answers
            }
            if (relay.head() != null) {
                ClientResponseHeaders.apply(proxyToClientResponse, relay.head(), relay.replaced());
            } else {
                ClientResponseHeaders.copy(publicOrigin, serverToProxyResponse, plan, via, proxyToClientResponse);
            }
            relay.headers().forEach(proxyToClientResponse::setHeader);
            if (relay.setCookie() != null) {
                proxyToClientResponse.addHeader("Set-Cookie", relay.setCookie());
            }
            writer = listener.onResponseHead(serverToProxyResponse, proxyToClientResponse, clientWriter);
            if (streamed(serverToProxyResponse) && !earlyHintsPending()) {
                beforeFirstChunk(serverToProxyResponse); // trailers are offered before the head commits
                sendHead();
            }
            return;
        }
        // Retry, or a Serve: a 304 that validated the stored response, or stale-if-error after a 5xx.
        // Either moves the exchange on from SENDING, so this attempt's later events no longer count.
        if (status != 304) {
            // A 304 has no body (RFC 9110 §15.4.5): it completes on its own and its connection
            // stays pooled; a discarded response's body is not wanted.
            serverToProxyResponse.abort(new RetryingException());
        }
        act(step, null);
    }

    /**
     * Whether the response is a server-sent event stream of unknown length: its head then goes to
     * the client at once, as nginx and Envoy send it, not with the first event, which may be
     * minutes away (an {@code EventSource} opens on the head). Other bodies commit the head with
     * their first chunk: one write for a small body (see {@link ClientWriter}), and a response
     * that ends at its head (a gRPC trailers-only answer) stays one HTTP/2 HEADERS frame.
     */
    private boolean streamed(Response serverToProxyResponse) {
        HttpFields head = serverToProxyResponse.getHeaders();
        String type = head.get(HttpHeader.CONTENT_TYPE);
        return serverToProxyResponse.getStatus() == HttpStatus.OK_200
                && type != null && type.regionMatches(true, 0, "text/event-stream", 0, "text/event-stream".length())
                && !"HEAD".equals(clientToProxyRequest.getMethod())
                && head.getLongField(HttpHeader.CONTENT_LENGTH) < 0;
    }

    /**
     * Commits the client response's head before its body. The socket's buffer is empty at this
     * point, so the flush does not wait on the client; body writes come later, after the head.
     */
    private void sendHead() {
        try {
            proxyToClientResponse.flushBuffer();
        } catch (IOException | RuntimeException failure) {
            onClientFailure(failure);
        }
    }

    /** The attempt ended: complete the client response, or ask the exchange about the failure. */
    public void onAttemptComplete(Call call, Result result) {
        boolean mdc = ObservedResponses.enter(requestId);
        try {
            attemptComplete(call, result);
        } finally {
            ObservedResponses.leave(mdc);
        }
    }

    private void attemptComplete(Call call, Result result) {
        if (!isCurrent(call)) {
            return;
        }
        if (result.isSucceeded()) {
            HttpFields trailers = result.getResponse().getTrailers();
            if (trailers != null && trailers.size() > 0) {
                upstreamTrailers = trailers;
                offerTrailers(); // a body-less response: its head is not committed yet
            }
            exchange.onComplete(call.attempt, result.getResponse().getStatus());
            afterEarlyHints(() -> writer.finish(Callback.from(() -> end(null), failure -> {
                onClientFailure(failure);
                end(failure);
            })));
            return;
        }
        Throwable failure = result.getFailure();
        ExchangePhase now = phase.get();
        if (now.clientFailed()) {
            act(exchange.abandon(call.attempt, clientFailure(now)), failure);
            return;
        }
        boolean headCopied = now == ExchangePhase.RELAYING;
        ForwardFailure reason = FailureClassifier.classify(failure, call.begun, headCopied);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} P2S attempt {} failed ({}) for {}", id(), call.attempt.number(), reason,
                    call.attempt.plan().target(), failure);
        }
        act(exchange.onFailure(call.attempt, reason, bodyState(call), headCopied), failure);
    }

    /**
     * Does what the exchange decided after the first attempt: send the next attempt (after the
     * retry's delay), answer from the cache, or answer with a problem (abort the client response
     * when it was under way).
     *
     * @param failure what failed on the wire, for the log; or null
     */
    private void act(Exchange.Step step, Throwable failure) {
        ExchangePhase next = step instanceof Exchange.Retry ? ExchangePhase.RETRYING
                : step instanceof Exchange.Send ? ExchangePhase.SENDING : ExchangePhase.ANSWERING;
        if (!moveTo(next)) {
            ExchangePhase now = phase.get();
            if (now.clientFailed() && next != ExchangePhase.ANSWERING) {
                // The client failed meanwhile: no further attempt; answer (once) in its stead.
                act(exchange.abandon(null, clientFailure(now)), failure);
            }
            return; // answering or over already: a late event
        }
        if (step instanceof Exchange.Retry retry) {
            current = null; // the given-up attempt's later events are not the next one's
            retryAfter(retry.decision());
        } else if (step instanceof Exchange.Send send) {
            send(send);
        } else if (step instanceof Exchange.Serve serve) {
            serveFromCache(serve);
        } else {
            answer((Decision.Reject) step, failure);
        }
    }

    private static ForwardFailure clientFailure(ExchangePhase phase) {
        return phase == ExchangePhase.BODY_TOO_LARGE ? ForwardFailure.CONTENT_TOO_LARGE : ForwardFailure.CLIENT_REQUEST_FAILED;
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
        boolean mdc = ObservedResponses.enter(requestId);
        try {
            retryNow();
        } finally {
            ObservedResponses.leave(mdc);
        }
    }

    private void retryNow() {
        ExchangePhase now = phase.get();
        if (now.clientFailed()) {
            act(exchange.abandon(null, clientFailure(now)), null);
        } else if (now == ExchangePhase.RETRYING) {
            act(exchange.retry(), null);
        }
    }

    private BodyState bodyState(Call call) {
        if (!call.begun) {
            return BodyState.NOT_SENT;
        }
        if (grpc) {
            return BodyState.NOT_REPLAYABLE; // a gRPC call is never sent twice once it began, whatever the route allows
        }
        return body == null || body.replayable() ? BodyState.REPLAYABLE : BodyState.NOT_REPLAYABLE;
    }

    private void onClientFailure(Throwable failure) {
        if (!moveTo(failure instanceof RequestBodyPump.TooLargeException ? ExchangePhase.BODY_TOO_LARGE
                : ExchangePhase.CLIENT_FAILED)) {
            return; // answering, over, or failed already
        }
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
        if (call != current || phase.get() != ExchangePhase.SENDING || (previous != null && !previous.isDone())
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

    /** The client's request trailer fields for the upstream, once its body was read; null when none. */
    private HttpFields requestTrailers() {
        try {
            return clientToProxyRequest.isTrailerFieldsReady() ? Trailers.toUpstream(clientToProxyRequest.getTrailerFields())
                    : null;
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /**
     * The first body chunk of {@code serverToProxyResponse} is about to commit the client's head:
     * when the response may end with trailer fields (no {@code Content-Length}: chunked, or an
     * HTTP/2 stream such as gRPC's; or it announces {@code Trailer}), the client response gets a
     * trailer supplier now, which Jetty reads at its end. Not set otherwise (the response's framing stays as it is), nor for a
     * response that ends at its head (a gRPC trailers-only response stays one HEADERS frame).
     */
    void beforeFirstChunk(Response serverToProxyResponse) {
        if (!trailersDecided) {
            trailersDecided = true; // chunks come one at a time (ResponseRelay)
            HttpFields head = serverToProxyResponse.getHeaders();
            if (head.contains(HttpHeader.TRAILER) || !head.contains(HttpHeader.CONTENT_LENGTH)) {
                offerTrailers();
            }
        }
    }

    private void offerTrailers() {
        if (trailersOffered || proxyToClientResponse.isCommitted() || "HTTP/1.0".equals(clientToProxyRequest.getProtocol())) {
            return;
        }
        trailersOffered = true;
        try {
            // RFC 9110 §6.5: relayed as the upstream sent them, after the body.
            proxyToClientResponse.setTrailerFields(() -> Trailers.toClient(upstreamTrailers));
        } catch (IllegalStateException e) {
            LOG.debug("{} trailers not relayed: {}", id(), e.getMessage());
        }
    }

    /** A response body chunk is about to go to the client: the cache keeps a copy while it stores. */
    void tee(Content.Chunk chunk) {
        if (exchange.storing()) {
            exchange.tee(chunk.getByteBuffer().asReadOnlyBuffer());
        }
    }

    private void serveFromCache(Exchange.Serve serve) {
        afterEarlyHints(() -> CachedResponses.sendAsync(proxyToClientResponse, serve.response(), serve.headers(),
                Callback.from(() -> end(null), failure -> {
                    onClientFailure(failure);
                    end(failure);
                })));
    }

    private void answer(Decision.Reject reject, Throwable failure) {
        Problem problem = reject.problem();
        Throwable cause = failure == null ? new IllegalStateException("status " + problem.status()) : failure;
        List<Attempt> attempts = exchange.attempts();
        ProblemLog log = new ProblemLog(requestId, clientToProxyRequest, reject.route(),
                attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).plan().upstream().id(),
                failure != null ? failure : "no upstream left to try after " + exchange.attempts().size() + " attempt(s)");
        // The edge's headers (request id, rate limits) go with the problem, before its body commits the response.
        afterEarlyHints(() -> ProblemResponses.sendAsync(proxyToClientResponse, problem, reject.headers(),
                writer.started() || clientWriter.started(), log, Callback.from(() -> end(cause), x -> {
                    LOG.debug("{} could not send problem {}", id(), problem.status(), x);
                    end(cause);
                })));
    }

    /** Ends the exchange once: listener, the core's exchange (open attempts cancelled, lease), then the async context. */
    private void end(Throwable failure) {
        if (!moveTo(ExchangePhase.ENDED)) {
            return;
        }
        try {
            listener.onComplete(failure);
        } catch (RuntimeException e) {
            LOG.warn("{} exchange listener failed", id(), e);
        } finally {
            ObservedResponses.responded(exchange, clientToProxyRequest, proxyToClientResponse);
            exchange.close();
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
        if (length >= 0) {
            return length > 0;
        }
        if (request.getHeader("Transfer-Encoding") != null) {
            return true;
        }
        // HTTP/2 frames a body without Content-Length or Transfer-Encoding (a gRPC call streams one);
        // the servlet API does not tell whether the HEADERS frame ended the stream, so a method
        // whose requests carry no body by their definition (RFC 9110 §9.3) is taken as having none
        // (else an HTTP/1.1 upstream would get an empty chunked body on every GET).
        return !request.getProtocol().startsWith("HTTP/1") && !BODILESS_METHODS.contains(request.getMethod());
    }

    private static final java.util.Set<String> BODILESS_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS", "TRACE",
            "DELETE", "CONNECT");

    /** Aborts a response head the failover chose to retry instead of relaying. */
    private static final class RetryingException extends Exception {
        private static final long serialVersionUID = 1L;

        RetryingException() {
            super("retrying on another attempt", null, false, false);
        }
    }
}

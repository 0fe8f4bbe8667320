package io.gatehouse.proxy.jetty.websocket;

import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.engine.Attempt;
import io.gatehouse.proxy.engine.ForwardPlan;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.health.Outcome;
import io.gatehouse.proxy.http.Problem;
import io.gatehouse.proxy.jetty.edge.ProblemResponses;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges a client's WebSocket to the chosen upstream (RFC 6455). The upstream leg is opened
 * first, over the proxy's own {@link HttpClient}, so that an upstream that refuses the handshake
 * gives the client its status (403, 404, ...) rather than a 101 followed by a close; only then is
 * the client's upgrade accepted, with the subprotocol the upstream chose. From there each leg's
 * {@link FrameRelay} carries frames to the other until either side closes. The route's idle timeout
 * applies to both legs; the request's leases (concurrency limits, the upstream's in-flight count)
 * are held until both legs have closed.
 */
public final class WebSocketBridge {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketBridge.class);

    /** Request headers the WebSocket client sets itself for its own handshake (RFC 6455 §4.1). */
    private static final Set<String> HANDSHAKE_HEADERS = Set.of("host", "upgrade", "connection",
            "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol",
            "content-length", "transfer-encoding");

    private final WebSocketClient client;

    /** @param httpClient the proxy's client: its connection pools, TLS set-up and executor carry the upstream legs */
    public WebSocketBridge(HttpClient httpClient) {
        this.client = new WebSocketClient(httpClient);
        // Messages pass fragment by fragment; neither leg holds a whole message, so no size limit is
        // needed beyond the frame size, and frames larger than it are split rather than refused.
        client.setMaxTextMessageSize(Long.MAX_VALUE);
        client.setMaxBinaryMessageSize(Long.MAX_VALUE);
        client.setAutoFragment(true);
    }

    public void start() throws Exception {
        client.start();
    }

    public void stop() throws Exception {
        client.stop();
    }

    /** What the bridge tells when it ends. */
    @FunctionalInterface
    public interface Ended {
        /**
         * @param status the status the client got (101 for a bridged session)
         * @param bytesIn message payload bytes from the client to the upstream
         * @param bytesOut message payload bytes from the upstream to the client
         */
        void ended(int status, long bytesIn, long bytesOut);
    }

    /**
     * Opens the upstream leg for the attempt and, when the upstream accepts, upgrades the client.
     * No thread waits for the upstream handshake (bounded by the route's connect and response
     * timeouts): the request goes asynchronous, and the upgrade or the answer happens on a
     * container thread once the upstream has answered. Answers the client itself in every case.
     *
     * @param proxyHeaders the proxy-to-server request headers as for any forward (X-Forwarded-*, Via, ...)
     * @param ended told once when the bridge ends (status 101 and the message bytes each way, once
     *     both legs closed) or the upgrade does not happen (the status of the answer sent instead)
     */
    public void bridge(HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse,
                       Attempt attempt, HttpFields proxyHeaders, Map<String, String> responseHeaders,
                       Ended ended) {
        AsyncContext async = clientToProxyRequest.startAsync();
        async.setTimeout(0);
        JettyWebSocketServerContainer container =
                JettyWebSocketServerContainer.getContainer(clientToProxyRequest.getServletContext());
        if (container == null) {
            attempt.complete(Outcome.cancelled());
            answer(async, Problem.of(501, "WebSocket is not set up on this server: mount the proxy with"
                    + " ProxyMount.at, which installs it."), responseHeaders, ended);
            return;
        }
        AtomicInteger legsOpen = new AtomicInteger(2);
        FrameRelay[] legs = new FrameRelay[2]; // upstream, client: set before either can close
        Runnable legClosed = () -> {
            if (legsOpen.decrementAndGet() == 0) {
                attempt.complete(Outcome.response(101));
                ended.ended(101, legs[1].payloadBytes(), legs[0].payloadBytes());
            }
        };
        ForwardPlan plan = attempt.plan();
        Route route = plan.route();
        FrameRelay upstreamLeg = new FrameRelay("upstream", route.idleTimeout(), legClosed);
        FrameRelay clientLeg = new FrameRelay("client", route.idleTimeout(), legClosed);
        FrameRelay.pair(upstreamLeg, clientLeg);
        legs[0] = upstreamLeg;
        legs[1] = clientLeg;
        CompletableFuture<Session> connecting;
        try {
            connecting = connect(plan, upstreamLeg, proxyHeaders, clientToProxyRequest);
        } catch (IOException | RuntimeException e) {
            connecting = CompletableFuture.failedFuture(e);
        }
        // Completed on a jetty-client thread, which must not block (ADR 0007): upgrade on a container thread.
        connecting.whenComplete((upstream, failure) -> async.start(() -> {
            if (failure != null) {
                refused(plan, attempt, failure, async, responseHeaders, ended);
            } else {
                upgrade(container, upstream, attempt, clientLeg, async, responseHeaders, ended);
            }
        }));
    }

    /** The upstream accepted: upgrade the client with the subprotocol it chose, or close the upstream leg. */
    private static void upgrade(JettyWebSocketServerContainer container, Session upstream, Attempt attempt,
                                FrameRelay clientLeg, AsyncContext async, Map<String, String> responseHeaders,
                                Ended ended) {
        HttpServletRequest clientToProxyRequest = (HttpServletRequest) async.getRequest();
        HttpServletResponse proxyToClientResponse = (HttpServletResponse) async.getResponse();
        attempt.headReceived();
        String subProtocol = upstream.getUpgradeResponse().getAcceptedSubProtocol();
        boolean upgraded = false;
        try {
            upgraded = container.upgrade((upgradeRequest, upgradeResponse) -> {
                if (subProtocol != null) {
                    upgradeResponse.setAcceptedSubProtocol(subProtocol);
                }
                responseHeaders.forEach(upgradeResponse::setHeader);
                return clientLeg;
            }, clientToProxyRequest, proxyToClientResponse);
        } catch (IOException | RuntimeException e) {
            LOG.debug("WebSocket upgrade of the client failed", e);
        }
        if (upgraded) {
            async.complete(); // the connection becomes the client leg; `ended` is told when both legs close
            return;
        }
        upstream.close(1001, "client upgrade failed", org.eclipse.jetty.websocket.api.Callback.NOOP);
        if (proxyToClientResponse.isCommitted()) {
            ended.ended(proxyToClientResponse.getStatus(), 0, 0);
            async.complete();
            return;
        }
        answer(async, Problem.of(400, "The WebSocket handshake is not valid (RFC 6455 §4.2.1)."), responseHeaders, ended);
    }

    /** The upstream leg did not open: the client gets the upstream's refusal status, or a 502 / 504 problem. */
    private static void refused(ForwardPlan plan, Attempt attempt, Throwable failure, AsyncContext async,
                                Map<String, String> responseHeaders, Ended ended) {
        UpgradeException refused = find(failure, UpgradeException.class);
        if (refused != null && refused.getResponseStatusCode() >= 400 && refused.getResponseStatusCode() <= 599) {
            // RFC 6455 §4.1: any status but 101 ends the handshake; the client gets the upstream's status.
            int status = refused.getResponseStatusCode();
            attempt.complete(Outcome.response(status));
            answer(async, Problem.of(status, "The upstream server refused the WebSocket handshake."), responseHeaders, ended);
            return;
        }
        ForwardFailure forwardFailure = refused != null ? ForwardFailure.INVALID_RESPONSE
                : find(failure, TimeoutException.class) != null ? ForwardFailure.CONNECT_TIMEOUT
                : ForwardFailure.CONNECT_FAILED;
        LOG.debug("WebSocket handshake with {} failed", plan.target(), failure);
        attempt.complete(Outcome.failure(forwardFailure));
        answer(async, forwardFailure.problem(), responseHeaders, ended);
    }

    /** Writes a problem without blocking, then tells {@code ended} and completes the request. */
    private static void answer(AsyncContext async, Problem problem, Map<String, String> responseHeaders, Ended ended) {
        HttpServletResponse proxyToClientResponse = (HttpServletResponse) async.getResponse();
        Runnable end = () -> {
            ended.ended(proxyToClientResponse.getStatus(), 0, 0);
            async.complete();
        };
        ProblemResponses.sendAsync(proxyToClientResponse, problem, responseHeaders, false, null,
                Callback.from(end, failure -> end.run()));
    }

    /** Starts the upstream handshake, bounded by the route's connect and response timeouts (and a second more). */
    private CompletableFuture<Session> connect(ForwardPlan plan, FrameRelay upstreamLeg, HttpFields proxyHeaders,
                                               HttpServletRequest clientToProxyRequest) throws IOException {
        Route route = plan.route();
        URI target = URI.create(webSocketOrigin(plan.upstream().origin()) + plan.pathAndQuery());
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest(target);
        for (HttpField field : proxyHeaders) {
            if (!HANDSHAKE_HEADERS.contains(field.getLowerCaseName())) {
                upgrade.setHeader(field.getName(), field.getValue());
            }
        }
        List<String> subProtocols = tokens(clientToProxyRequest.getHeaders("Sec-WebSocket-Protocol"));
        if (!subProtocols.isEmpty()) {
            upgrade.setSubProtocols(subProtocols);
        }
        Duration handshake = route.connectTimeout().plus(route.responseTimeout());
        upgrade.setTimeout(handshake.toMillis(), TimeUnit.MILLISECONDS);
        return client.connect(upstreamLeg, target, upgrade)
                .orTimeout(handshake.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    /** {@code http://h:p} becomes {@code ws://h:p}, {@code https://h:p} {@code wss://h:p}. */
    static String webSocketOrigin(String httpOrigin) {
        if (httpOrigin.startsWith("https://")) {
            return "wss://" + httpOrigin.substring("https://".length());
        }
        if (httpOrigin.startsWith("http://")) {
            return "ws://" + httpOrigin.substring("http://".length());
        }
        return httpOrigin;
    }

    private static List<String> tokens(java.util.Enumeration<String> values) {
        if (values == null) {
            return List.of();
        }
        List<String> tokens = new ArrayList<>();
        for (String value : Collections.list(values)) {
            for (String token : value.split(",")) {
                String t = token.trim();
                if (!t.isEmpty()) {
                    tokens.add(t);
                }
            }
        }
        return tokens;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

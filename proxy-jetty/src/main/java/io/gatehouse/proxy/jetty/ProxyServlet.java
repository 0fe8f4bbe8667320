package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.cache.CacheDecision;
import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.engine.Exchange;
import io.gatehouse.proxy.engine.ProxyEngine;
import io.gatehouse.proxy.health.ActiveHealthChecks;
import io.gatehouse.proxy.http.WebSocketHandshake;
import io.gatehouse.proxy.jetty.admin.RouteTraffic;
import io.gatehouse.proxy.jetty.cache.CachedResponses;
import io.gatehouse.proxy.jetty.edge.ClientResponseHeaders;
import io.gatehouse.proxy.jetty.edge.ObservedResponses;
import io.gatehouse.proxy.jetty.edge.ProblemLog;
import io.gatehouse.proxy.jetty.edge.ProblemResponses;
import io.gatehouse.proxy.jetty.forward.BackgroundRefresh;
import io.gatehouse.proxy.jetty.forward.ForwardExchange;
import io.gatehouse.proxy.jetty.forward.UpstreamDestinations;
import io.gatehouse.proxy.jetty.forward.UpstreamRequestHeaders;
import io.gatehouse.proxy.jetty.websocket.WebSocketBridge;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gatehouse reverse proxy as a servlet: routes each request with the core's
 * {@link ProxyEngine} and forwards it with one shared jetty-client {@link HttpClient}.
 *
 * <p>A plain {@link HttpServlet} (ADR 0011): it sets up its upstream client itself
 * ({@link UpstreamClient}: no redirects, no cookies, no content decoding), starts it in
 * {@link #init()} and stops it in {@link #destroy()}, and owns the forwarding leg
 * ({@link ForwardExchange}, ADR 0005): bodies stream in both directions with back-pressure, a
 * request body can be replayed on another attempt, the route's timeouts apply, and the proxy's own
 * errors are RFC 9457 problem details. Every decision is the core's per-request
 * {@link Exchange}.
 *
 * <p>Mount it with {@link ProxyMount#at}, or add it yourself with
 * {@code holder.setAsyncSupported(true)}. The hooks run on the server's threads (request side)
 * and jetty-client's threads (response side); none of them blocks: every response, the proxy's own
 * problems and cache hits too, is written asynchronously, so a client that does not read holds no
 * thread.
 */
public class ProxyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServlet.class);
    /** The servlet context attribute under which Jetty keeps the server's thread pool. */
    private static final String SERVER_EXECUTOR = "org.eclipse.jetty.server.Executor";

    private final transient AtomicReference<ProxyEngine> engine;
    private transient ActiveHealthChecks healthChecks;
    private transient volatile HttpClient client;
    private transient volatile UpstreamDestinations destinations;
    private transient volatile Http2UpstreamClient http2Client;
    private transient volatile WebSocketBridge webSockets;
    /** Per-route counts for the admin page; null (nothing counted) until an {@link AdminMount} asks for them. */
    private transient volatile RouteTraffic traffic;

    /** Creates a proxy servlet for a configuration. */
    public ProxyServlet(ProxyConfig config) {
        this.engine = new AtomicReference<>(ProxyEngine.of(Objects.requireNonNull(config, "config")));
    }

    /**
     * Swaps in a new configuration atomically; requests under way finish with the old one.
     * Upstreams that keep their group and id keep their runtime state (in-flight counts, latency,
     * health); active health checks restart on the new configuration. Connection pool limits of
     * the shared client keep the values they were started with.
     */
    public void update(ProxyConfig config) {
        Objects.requireNonNull(config, "config");
        synchronized (engine) {
            engine.set(ProxyEngine.of(config, engine.get()));
            if (client != null) {
                restartHealthChecks();
            }
        }
        LOG.info("Gatehouse configuration updated{}: {}", mountDescription(), ConfigSummary.of(config));
    }

    /** The core engine in force: its {@code upstreams()} is the read API of every upstream's health. */
    public ProxyEngine engine() {
        return engine.get();
    }

    /**
     * Starts the upstream client ({@link UpstreamClient}: on the server's thread pool, with the
     * configuration's pool, timeouts and TLS; the servlet init parameter {@code selectors}
     * overrides its selector count) and the active health checks.
     */
    @Override
    public void init() throws ServletException {
        Executor executor = (Executor) getServletContext().getAttribute(SERVER_EXECUTOR);
        String selectors = getInitParameter("selectors");
        try {
            client = UpstreamClient.start(config(), executor,
                    selectors == null ? UpstreamClient.defaultSelectors() : Integer.parseInt(selectors.trim()));
        } catch (Exception e) {
            throw new ServletException("Gatehouse could not start its upstream client: " + e.getMessage(), e);
        }
        http2Client = new Http2UpstreamClient(this::config, executor);
        destinations = new UpstreamDestinations(client, http2Client);
        webSockets = new WebSocketBridge(client);
        try {
            webSockets.start();
        } catch (Exception e) {
            throw new ServletException("Gatehouse could not start its WebSocket client: " + e.getMessage(), e);
        }
        synchronized (engine) {
            restartHealthChecks();
        }
        LOG.info("Gatehouse proxy started{}: {}", mountDescription(), ConfigSummary.of(config()));
    }

    /** " at /api/*" from the servlet's mappings, or "" before it is registered. */
    private String mountDescription() {
        if (getServletConfig() == null) {
            return "";
        }
        var registration = getServletContext().getServletRegistration(getServletName());
        String context = getServletContext().getContextPath();
        if (registration == null) {
            return "";
        }
        return " at " + String.join(", ", registration.getMappings().stream().map(m -> context + m).sorted().toList());
    }

    @Override
    public void destroy() {
        synchronized (engine) {
            if (healthChecks != null) {
                healthChecks.close();
                healthChecks = null;
            }
        }
        if (webSockets != null) {
            try {
                webSockets.stop();
            } catch (Exception e) {
                LOG.debug("WebSocket client did not stop cleanly", e);
            }
        }
        if (http2Client != null) {
            http2Client.stop();
        }
        HttpClient stopping = client;
        if (stopping != null) {
            try {
                stopping.stop();
            } catch (Exception e) {
                LOG.debug("upstream client did not stop cleanly", e);
            }
        }
    }

    private void restartHealthChecks() {
        if (healthChecks != null) {
            healthChecks.close();
        }
        HttpClient client = this.client;
        healthChecks = engine.get().startHealthChecks(new HttpClientProber(client, http2Client), (task, delay) -> {
            Scheduler.Task scheduled = client.getScheduler().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return scheduled::cancel;
        });
    }

    /** The configuration in force. */
    public ProxyConfig config() {
        return engine.get().config();
    }

    /** The per-route counters of the admin page, created (and counting from then on) at the first call. */
    synchronized RouteTraffic routeTraffic() {
        if (traffic == null) {
            traffic = new RouteTraffic(() -> config().httpCache() == null ? null : config().httpCache().name());
        }
        return traffic;
    }

    /** The shared upstream client, once the servlet is initialised. */
    public HttpClient upstreamClient() {
        return client;
    }

    /**
     * Asks the request's {@link Exchange} what to do and does it; runs on the server's request
     * thread and does not block (a forwarded exchange continues asynchronously).
     */
    @Override
    protected void service(HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse)
            throws IOException {
        ServletRequestView view = new ServletRequestView(clientToProxyRequest);
        ProxyEngine current = engine.get();
        Exchange exchange = current.exchange(view, view.mountPrefix());
        RouteTraffic counting = traffic;
        if (counting != null) { // the admin page's per-route counts, taken when the response completes
            counting.watch(clientToProxyRequest, () -> exchange.forward() == null ? null : exchange.forward().plan().route().id());
        }
        // RFC 6455: a WebSocket handshake is bridged to the upstream, never forwarded as a plain GET nor cached.
        boolean webSocket = WebSocketHandshake.requested(view);
        boolean continues = false;
        boolean mdc = false;
        try {
            Exchange.Step first = webSocket ? exchange.startWebSocket() : exchange.start();
            mdc = ObservedResponses.enter(exchange.requestId());
            continues = webSocket && first instanceof Exchange.Send send
                    ? bridgeWebSocket(current, exchange, send, clientToProxyRequest, proxyToClientResponse)
                    : act(current, exchange, first, clientToProxyRequest, proxyToClientResponse);
        } finally {
            if (!continues) { // it threw: the container answers (a problem, ProblemErrorHandler)
                ObservedResponses.responded(exchange, clientToProxyRequest, proxyToClientResponse);
                exchange.close();
            }
            ObservedResponses.leave(mdc);
        }
    }

    /**
     * A WebSocket handshake the exchange sends upstream (its stages but the cache: edge, route,
     * access, rate limit, trace context, the balancer's pick, observers): the bridge, which holds
     * the exchange (its leases and concurrency slot) until both legs close, then reports and closes it.
     *
     * @return true: the bridge ends the exchange, whatever happens
     */
    private boolean bridgeWebSocket(ProxyEngine current, Exchange exchange, Exchange.Send send,
                                    HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse)
            throws IOException {
        HttpFields.Mutable proxyHeaders = HttpFields.build(
                UpstreamRequestHeaders.build(clientToProxyRequest, exchange.forward(), current.config().via()));
        send.removedHeaders().forEach(proxyHeaders::remove);
        send.addedHeaders().forEach(header -> proxyHeaders.put(header.name(), header.value()));
        webSockets.bridge(clientToProxyRequest, proxyToClientResponse, send.attempt(), proxyHeaders,
                exchange.forward().responseHeaders(), (status, bytesIn, bytesOut) -> {
                    exchange.responded(status, bytesIn, bytesOut);
                    exchange.close();
                });
        return true;
    }

    /**
     * Does what the exchange decided: answer, reject, serve from the cache, wait for a concurrent
     * fetch, or send the first attempt. Nothing here waits on the client's socket: every response
     * is written asynchronously (a client that does not read holds no server thread), and the
     * exchange is closed when its response was written.
     *
     * @return whether the exchange continues asynchronously (it then closes itself); false only
     *     when this method threw
     */
    private boolean act(ProxyEngine current, Exchange exchange, Exchange.Step step, HttpServletRequest clientToProxyRequest,
                        HttpServletResponse proxyToClientResponse) throws IOException {
        if (step instanceof Exchange.Send send) {
            newForwardExchange(current, clientToProxyRequest, proxyToClientResponse, exchange).start(send);
            return true;
        }
        if (step instanceof Exchange.Await await) {
            awaitConcurrentFetch(current, exchange, clientToProxyRequest, proxyToClientResponse, await.fetch());
            return true;
        }
        AsyncContext async = clientToProxyRequest.isAsyncStarted() ? clientToProxyRequest.getAsyncContext()
                : clientToProxyRequest.startAsync();
        async.setTimeout(0);
        Callback written = Callback.from(() -> finish(exchange, async), failure -> finish(exchange, async));
        if (step instanceof Exchange.Serve serve) {
            // The refresh starts even when the client went away: the cache waits for it (and so may other requests).
            startRefresh(current, serve, clientToProxyRequest);
            CachedResponses.sendAsync(proxyToClientResponse, serve.response(), serve.headers(), written);
        } else if (step instanceof Decision.Answer answer) {
            ProxyAnswers.sendAsync(proxyToClientResponse, answer, written);
        } else {
            Decision.Reject reject = (Decision.Reject) step;
            ProblemResponses.sendAsync(proxyToClientResponse, reject.problem(), reject.headers(), false,
                    problemLog(current, clientToProxyRequest, reject, exchange.requestId()), written);
        }
        return true;
    }

    /** The I/O of a forwarded request; package-private so that tests in this package can watch it. */
    ForwardExchange newForwardExchange(ProxyEngine current, HttpServletRequest clientToProxyRequest,
                                       HttpServletResponse proxyToClientResponse, Exchange exchange) throws IOException {
        return new ForwardExchange(destinations, current.config().via(), clientToProxyRequest, proxyToClientResponse,
                exchange);
    }

    /** Another request is fetching the same response: wait without a thread, then act on the decision it leaves. */
    private void awaitConcurrentFetch(ProxyEngine current, Exchange exchange, HttpServletRequest clientToProxyRequest,
                                      HttpServletResponse proxyToClientResponse, CompletableFuture<CacheDecision> fetch) {
        AsyncContext async = clientToProxyRequest.startAsync();
        async.setTimeout(0);
        // Completed on a jetty-client thread, which must not block (ADR 0007): act on a container thread.
        fetch.whenComplete((decision, failure) -> async.start(() -> {
            boolean mdc = ObservedResponses.enter(exchange.requestId());
            boolean continues = false;
            try {
                continues = act(current, exchange, exchange.resume(decision), clientToProxyRequest, proxyToClientResponse);
            } catch (IOException | RuntimeException e) {
                LOG.debug("coalesced request failed", e);
            } finally {
                if (!continues) {
                    ObservedResponses.responded(exchange, clientToProxyRequest, proxyToClientResponse);
                    exchange.close();
                    async.complete();
                }
                ObservedResponses.leave(mdc);
            }
        }));
    }

    /** A stale-while-revalidate answer's background revalidation (RFC 5861 §3), forwarded now; no client waits for it. */
    private void startRefresh(ProxyEngine current, Exchange.Serve serve, HttpServletRequest clientToProxyRequest) {
        if (serve.refresh() != null) {
            BackgroundRefresh.start(destinations, serve.refresh(), UpstreamRequestHeaders.build(clientToProxyRequest,
                    serve.refresh().forward(), current.config().via()),
                    ClientResponseHeaders.publicOrigin(clientToProxyRequest), current.config().via());
        }
    }

    private static void finish(Exchange exchange, AsyncContext async) {
        ObservedResponses.responded(exchange, (HttpServletRequest) async.getRequest(),
                (HttpServletResponse) async.getResponse());
        exchange.close();
        async.complete();
    }

    /** The log context of a rejection: its request id (given, or the one in its headers), route and problem. */
    private static ProblemLog problemLog(ProxyEngine current, HttpServletRequest clientToProxyRequest,
                                         Decision.Reject reject, String requestId) {
        String header = current.config().edge().requestIdHeader();
        String id = requestId != null || header == null ? requestId : reject.headers().get(header);
        return new ProblemLog(id, clientToProxyRequest, reject.route(), null, reject.problem().detail());
    }
}

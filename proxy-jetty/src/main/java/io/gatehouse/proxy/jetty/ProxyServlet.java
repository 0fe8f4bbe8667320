package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.cache.CacheDecision;
import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.engine.Exchange;
import io.gatehouse.proxy.engine.ProxyEngine;
import io.gatehouse.proxy.health.ActiveHealthChecks;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gatehouse reverse proxy as a servlet: routes each request with the core's
 * {@link ProxyEngine} and forwards it with one shared jetty-client {@link HttpClient}.
 *
 * <p>Built on Jetty's {@link AsyncProxyServlet} for the client set-up and life cycle, it owns the
 * forwarding leg ({@link ForwardExchange}, see ADR 0005): bodies stream in both directions with
 * back-pressure, a request body can be replayed on another attempt, the route's timeouts apply,
 * and the proxy's own errors are RFC 9457 problem details.
 *
 * <p>Mount it with {@link ProxyMount#at}, or add it yourself with
 * {@code holder.setAsyncSupported(true)}. The hooks run on the server's threads (request side)
 * and jetty-client's threads (response side); none of them blocks, except when writing a small
 * problem body.
 */
public class ProxyServlet extends AsyncProxyServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServlet.class);
    /** Room for the headers the proxy adds to a request head, beyond the client's {@code maxHeaderSize}. */
    private static final int PROXY_HEADERS_ROOM = 4 * 1024;

    private final transient AtomicReference<ProxyEngine> engine;
    private transient ActiveHealthChecks healthChecks;
    private transient volatile UpstreamDestinations destinations;

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
            if (getHttpClient() != null) {
                restartHealthChecks();
            }
        }
        LOG.info("Gatehouse configuration updated{}: {}", mountDescription(), ConfigSummary.of(config));
    }

    /** The core engine in force: its {@code upstreams()} is the read API of every upstream's health. */
    public ProxyEngine engine() {
        return engine.get();
    }

    @Override
    public void init() throws ServletException {
        super.init();
        destinations = new UpstreamDestinations(getHttpClient());
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
        super.destroy();
    }

    private void restartHealthChecks() {
        if (healthChecks != null) {
            healthChecks.close();
        }
        HttpClient client = getHttpClient();
        healthChecks = engine.get().startHealthChecks(new HttpClientProber(client), (task, delay) -> {
            Scheduler.Task scheduled = client.getScheduler().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return scheduled::cancel;
        });
    }

    /** The configuration in force. */
    public ProxyConfig config() {
        return engine.get().config();
    }

    /** The shared upstream client, once the servlet is initialised. */
    public HttpClient upstreamClient() {
        return getHttpClient();
    }

    /**
     * The upstream client speaks HTTP/1.1 over a duplex connection pool: the dynamic transport's
     * multiplex pool scans its entries on every acquire, a measurable cost per request for
     * HTTP/1.1 upstreams (bench/RESULTS.md). HTTP/2 upstreams would come back here with a transport
     * chosen per group.
     *
     * <p>Its response listeners never block (ADR 0007), so upstream responses are relayed on the
     * selector thread that read them instead of being handed to another pool thread each; one
     * selector per core (at most 4; the servlet init parameter {@code selectors} overrides it)
     * keeps that work spread over the cores.
     */
    @Override
    protected HttpClient newHttpClient(ClientConnector clientConnector) {
        if (getServletConfig().getInitParameter("selectors") == null) {
            clientConnector.setSelectors(defaultSelectors());
        }
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(clientConnector);
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        // Response header values pass byte for byte: jetty-client's parser otherwise takes a value
        // from its field cache when it equals a cached one ignoring case ("Max-Age=60" came out as
        // an earlier "max-age=60").
        transport.setHeaderCacheCaseSensitive(true);
        return new HttpClient(transport);
    }

    static int defaultSelectors() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Creates the one client used for every upstream: never follows redirects, keeps no cookies,
     * does not decode content, sends no {@code User-Agent} of its own, pools connections up to
     * the configured maximum per upstream and closes those idle for the configured
     * {@link ProxyConfig#upstreamIdleTimeout()}.
     */
    @Override
    protected HttpClient createHttpClient() throws ServletException {
        HttpClient client = super.createHttpClient();
        ProxyConfig config = config();
        client.setMaxConnectionsPerDestination(config.maxConnectionsPerUpstream());
        client.setConnectTimeout(config.longestConnectTimeout().toMillis());
        // Closes pooled connections before the upstream (or a load balancer in between) forgets them.
        client.setIdleTimeout(config.upstreamIdleTimeout().toMillis());
        client.setUserAgentField(null);
        // A request head as large as the connector accepts (maxHeaderSize), plus what the proxy adds to it
        // (X-Forwarded-*, Forwarded, Via, the request id), must fit the proxy-to-server request, else it fails as a 502.
        client.setMaxRequestHeadersSize(config.edge().maxHeaderSize() + PROXY_HEADERS_ROOM);
        // 102, 103 and other interim responses are read past to the final one (the base class clears the handlers).
        client.getProtocolHandlers().put(new InterimResponses());
        // The base class's total timeout is not used: route timeouts apply per attempt.
        setTimeout(0);
        return client;
    }

    /**
     * The connector of the upstream client, with the configuration's
     * {@link io.gatehouse.proxy.UpstreamTls} for {@code https} upstreams: trust store, client
     * certificate, host name verification, SNI for host names. Runs once, when the servlet
     * initialises (a changed {@code upstreamTls} in {@link #update} applies after a restart).
     */
    @Override
    protected ClientConnector newClientConnector() {
        ClientConnector connector = super.newClientConnector();
        connector.setSslContextFactory(UpstreamTlsContext.create(config().upstreamTls()));
        return connector;
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
        boolean continues = false;
        try {
            continues = act(current, exchange, exchange.start(), clientToProxyRequest, proxyToClientResponse);
        } finally {
            if (!continues) {
                exchange.close();
            }
        }
    }

    /**
     * Does what the exchange decided first: answer, reject, serve from the cache, wait for a
     * concurrent fetch, or send the first attempt.
     *
     * @return whether the exchange continues asynchronously (it then closes itself); else the
     *     caller closes it and the response is complete
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
        if (step instanceof Exchange.Serve serve) {
            CachedResponses.sendBlocking(proxyToClientResponse, serve.response(), serve.headers());
            startRefresh(current, serve, clientToProxyRequest);
        } else if (step instanceof Decision.Answer answer) {
            ProxyAnswers.send(proxyToClientResponse, answer);
        } else {
            Decision.Reject reject = (Decision.Reject) step;
            ProblemResponses.send(proxyToClientResponse, reject.problem(), reject.headers(), false,
                    problemLog(current, clientToProxyRequest, reject, exchange.requestId()));
        }
        if (clientToProxyRequest.isAsyncStarted()) {
            clientToProxyRequest.getAsyncContext().complete();
        }
        return false;
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
            Exchange.Step step = exchange.resume(decision);
            if (step instanceof Exchange.Serve serve) {
                startRefresh(current, serve, clientToProxyRequest);
                CachedResponses.sendAsync(proxyToClientResponse, serve.response(), serve.headers(),
                        Callback.from(() -> finish(exchange, async), x -> finish(exchange, async)));
                return;
            }
            boolean continues = false;
            try {
                continues = act(current, exchange, step, clientToProxyRequest, proxyToClientResponse);
            } catch (IOException | RuntimeException e) {
                LOG.debug("coalesced request failed", e);
                async.complete();
            } finally {
                if (!continues) {
                    exchange.close();
                }
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

    /** Not used: {@link #service} relays responses itself. */
    @Override
    protected Response.Listener newProxyResponseListener(HttpServletRequest clientToProxyRequest,
                                                         HttpServletResponse proxyToClientResponse) {
        throw new UnsupportedOperationException("Gatehouse forwards in service()");
    }

}

package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.Decision;
import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.ProxyEngine;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.forward.ForwardPlan;
import io.gatehouse.proxy.forward.LocationRewriter;
import io.gatehouse.proxy.forward.ProxyHeaders;
import io.gatehouse.proxy.forward.ResponseHeaderRule;
import io.gatehouse.proxy.http.HopByHop;
import io.gatehouse.proxy.http.Problem;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The Gatehouse reverse proxy as a servlet: routes each request with the core's
 * {@link ProxyEngine} and forwards it with one shared jetty-client {@link HttpClient}.
 *
 * <p>Built on Jetty's {@link AsyncProxyServlet}, which streams bodies in both directions with
 * back-pressure (the next upstream chunk is demanded only after the write of the previous one
 * to the client succeeded). This class overrides its hooks to route, rewrite the path, apply the
 * hop-by-hop rules and proxy headers, map {@code Location} back, enforce the route's timeouts,
 * and answer its own errors with RFC 9457 problem details.
 *
 * <p>Mount it with {@link ProxyMount#at}, or add it yourself with
 * {@code holder.setAsyncSupported(true)}. The hooks run on the server's threads (request side)
 * and jetty-client's threads (response side); none of them blocks, except when writing a small
 * problem body.
 */
public class ProxyServlet extends AsyncProxyServlet {

    private static final long serialVersionUID = 1L;

    private static final String WRITE_LISTENER_ATTRIBUTE = AsyncProxyServlet.class.getName() + ".writeListener";

    private final transient AtomicReference<ProxyEngine> engine;

    /** Creates a proxy servlet for a configuration. */
    public ProxyServlet(ProxyConfig config) {
        this.engine = new AtomicReference<>(ProxyEngine.of(Objects.requireNonNull(config, "config")));
    }

    /**
     * Swaps in a new configuration atomically; requests under way finish with the old one.
     * Connection pool limits of the shared client keep the values they were started with.
     */
    public void update(ProxyConfig config) {
        engine.set(ProxyEngine.of(Objects.requireNonNull(config, "config")));
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
     * Creates the one client used for every upstream: never follows redirects, keeps no cookies,
     * does not decode content, sends no {@code User-Agent} of its own, pools connections up to
     * the configured maximum per upstream.
     */
    @Override
    protected HttpClient createHttpClient() throws ServletException {
        HttpClient client = super.createHttpClient();
        ProxyConfig config = config();
        client.setMaxConnectionsPerDestination(config.maxConnectionsPerUpstream());
        client.setConnectTimeout(config.longestConnectTimeout().toMillis());
        client.setUserAgentField(null);
        // Route timeouts replace the base class's total timeout, which would cut long downloads.
        setTimeout(0);
        return client;
    }

    /** Routes the request; the returned target is only used for logs. Runs on the server thread. */
    @Override
    protected String rewriteTarget(HttpServletRequest clientToProxyRequest) {
        ServletRequestView view = new ServletRequestView(clientToProxyRequest);
        Decision decision = engine.get().decide(view, view.mountPrefix());
        if (decision instanceof Decision.Forward forward) {
            clientToProxyRequest.setAttribute(Exchange.ATTRIBUTE, new Exchange(forward.plan()));
            return forward.plan().target();
        }
        clientToProxyRequest.setAttribute(Exchange.ATTRIBUTE, decision);
        return null;
    }

    /** Answers a request the core rejected (no route, no upstream). Blocking is allowed here. */
    @Override
    protected void onProxyRewriteFailed(HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse) {
        Object decision = clientToProxyRequest.getAttribute(Exchange.ATTRIBUTE);
        Decision.Reject reject = decision instanceof Decision.Reject r ? r : Decision.Reject.of(ForwardFailure.PROXY_ERROR);
        sendProblem(clientToProxyRequest, proxyToClientResponse, reject.problem(), reject.headers());
    }

    @Override
    protected Request newProxyRequest(HttpServletRequest clientToProxyRequest, String rewrittenTarget) {
        Exchange exchange = exchange(clientToProxyRequest);
        ForwardPlan plan = exchange.plan;
        Request proxyToServerRequest = getHttpClient().newRequest(plan.upstream().uri())
                .path(plan.pathAndQuery())
                .method(clientToProxyRequest.getMethod())
                .attribute(CLIENT_REQUEST_ATTRIBUTE, clientToProxyRequest)
                .onRequestBegin(request -> exchange.begun = true);
        UpstreamTimeouts.apply(proxyToServerRequest, plan.route(), getHttpClient().getScheduler());
        return proxyToServerRequest;
    }

    /**
     * Copies the client's headers except the hop-by-hop ones (RFC 9110 §7.6.1, including those
     * named in {@code Connection}), {@code Host} unless the route preserves it, and the proxy
     * headers this proxy sets itself.
     */
    @Override
    protected void copyRequestHeaders(HttpServletRequest clientToProxyRequest, Request proxyToServerRequest) {
        Route route = exchange(clientToProxyRequest).plan.route();
        Set<String> connectionTokens = HopByHop.connectionTokens(values(clientToProxyRequest, "Connection"));
        HttpFields.Mutable headers = HttpFields.build();
        for (Enumeration<String> names = clientToProxyRequest.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host")) {
                if (route.preserveHost()) {
                    headers.put(HttpHeader.HOST, clientToProxyRequest.getHeader(name));
                }
                continue;
            }
            if (HopByHop.isHopByHop(lower, connectionTokens) || ProxyHeaders.isReplacedByProxy(lower)
                    || lower.equals("x-forwarded-for") || lower.equals("forwarded") || lower.equals("via")) {
                continue;
            }
            for (Enumeration<String> values = clientToProxyRequest.getHeaders(name); values.hasMoreElements(); ) {
                String value = values.nextElement();
                if (value != null) {
                    headers.add(name, value);
                }
            }
        }
        proxyToServerRequest.headers(h -> h.clear().add(headers));
    }

    /**
     * Adds {@code X-Forwarded-For} (appended), {@code X-Forwarded-Proto/-Host/-Port/-Prefix}
     * (replaced), RFC 7239 {@code Forwarded} (appended) and {@code Via} (appended).
     */
    @Override
    protected void addProxyHeaders(HttpServletRequest clientToProxyRequest, Request proxyToServerRequest) {
        ForwardPlan plan = exchange(clientToProxyRequest).plan;
        String client = clientToProxyRequest.getRemoteAddr();
        String scheme = clientToProxyRequest.getScheme();
        String host = clientToProxyRequest.getHeader("Host");
        String forwardedFor = ProxyHeaders.appendXForwardedFor(values(clientToProxyRequest, ProxyHeaders.X_FORWARDED_FOR), client);
        String forwarded = ProxyHeaders.appendForwarded(values(clientToProxyRequest, "Forwarded"),
                ProxyHeaders.forwardedElement(client, host, scheme));
        String via = ProxyHeaders.appendVia(values(clientToProxyRequest, "Via"), clientToProxyRequest.getProtocol(), config().via());
        proxyToServerRequest.headers(h -> {
            h.put(ProxyHeaders.X_FORWARDED_FOR, forwardedFor);
            h.put(ProxyHeaders.X_FORWARDED_PROTO, scheme);
            if (host != null) {
                h.put(ProxyHeaders.X_FORWARDED_HOST, host);
            }
            h.put(ProxyHeaders.X_FORWARDED_PORT, Integer.toString(clientToProxyRequest.getServerPort()));
            if (!plan.publicPrefix().isEmpty()) {
                h.put(ProxyHeaders.X_FORWARDED_PREFIX, plan.publicPrefix());
            }
            h.put(HttpHeader.FORWARDED, forwarded);
            h.put(HttpHeader.VIA, via);
        });
    }

    @Override
    protected ReadListener newReadListener(HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse,
                                           Request proxyToServerRequest, AsyncRequestContent content) {
        Exchange exchange = exchange(clientToProxyRequest);
        return new StreamReader(clientToProxyRequest, proxyToClientResponse, proxyToServerRequest, content) {
            @Override
            public void onError(Throwable failure) {
                exchange.clientFailed = true;
                super.onError(failure);
            }
        };
    }

    @Override
    protected void onClientRequestFailure(HttpServletRequest clientToProxyRequest, Request proxyToServerRequest,
                                          HttpServletResponse proxyToClientResponse, Throwable failure) {
        exchange(clientToProxyRequest).clientFailed = true;
        proxyToServerRequest.abort(failure);
    }

    /**
     * Copies the server-to-proxy response headers to the client: drops hop-by-hop headers and,
     * unless the route passes them, {@code Server} and {@code X-Powered-By}; maps
     * {@code Location} and {@code Content-Location} back to public addresses; adds this proxy to
     * {@code Via} (RFC 9110 §7.6.3; the upstream's own {@code Via} entries are kept only when the
     * route passes server headers). The upstream's {@code Date} and {@code Server} replace the
     * ones the host's server presets. Runs on a jetty-client thread; does not block.
     */
    @Override
    protected void onServerResponseHeaders(HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse,
                                           Response serverToProxyResponse) {
        ForwardPlan plan = exchange(clientToProxyRequest).plan;
        HttpFields headers = serverToProxyResponse.getHeaders();
        Set<String> connectionTokens = HopByHop.connectionTokens(headers.getValuesList(HttpHeader.CONNECTION));
        String publicOrigin = null;
        List<String> upstreamVia = List.of();
        for (HttpField field : headers) {
            String value = field.getValue();
            String lower = field.getLowerCaseName();
            switch (ResponseHeaderRule.of(lower, connectionTokens, plan.route())) {
                case DROP -> {
                    continue;
                }
                case REWRITE_LOCATION -> {
                    if (publicOrigin == null) {
                        publicOrigin = publicOrigin(clientToProxyRequest);
                    }
                    value = LocationRewriter.rewrite(value, plan, publicOrigin);
                }
                case PASS -> { }
            }
            switch (lower) {
                case "via" -> upstreamVia = plan.route().passServerHeaders() ? headers.getValuesList(HttpHeader.VIA) : List.of();
                case "date", "server" -> proxyToClientResponse.setHeader(field.getName(), value);
                default -> proxyToClientResponse.addHeader(field.getName(), value);
            }
        }
        proxyToClientResponse.setHeader("Via",
                ProxyHeaders.appendVia(upstreamVia, serverToProxyResponse.getVersion().asString(), config().via()));
    }

    /** Answers a failed exchange with a problem (502, 504...), or aborts if the response was under way. */
    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse,
                                          Response serverToProxyResponse, Throwable failure) {
        Exchange exchange = exchange(clientToProxyRequest);
        ForwardFailure reason = exchange.clientFailed ? ForwardFailure.CLIENT_REQUEST_FAILED
                : FailureClassifier.classify(failure, exchange.begun);
        if (_log.isDebugEnabled()) {
            _log.debug("{} P2S failed ({}) for {}", getRequestId(clientToProxyRequest), reason, exchange.plan.target(), failure);
        }
        sendProblem(clientToProxyRequest, proxyToClientResponse, reason.problem(), Map.of());
    }

    @Override
    protected void sendProxyResponseError(HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse,
                                          int status) {
        sendProblem(clientToProxyRequest, proxyToClientResponse,
                new Problem(status, status == 504 ? "Gateway Timeout" : "Bad Gateway", null), Map.of());
    }

    private void sendProblem(HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse,
                             Problem problem, Map<String, String> headers) {
        try {
            boolean streaming = clientToProxyRequest.getAttribute(WRITE_LISTENER_ATTRIBUTE) != null;
            ProblemResponses.send(proxyToClientResponse, problem, headers, streaming);
        } catch (IOException | RuntimeException e) {
            _log.debug("{} could not send problem {}", getRequestId(clientToProxyRequest), problem.status(), e);
        } finally {
            if (clientToProxyRequest.isAsyncStarted()) {
                clientToProxyRequest.getAsyncContext().complete();
            }
        }
    }

    private static Exchange exchange(HttpServletRequest clientToProxyRequest) {
        return (Exchange) clientToProxyRequest.getAttribute(Exchange.ATTRIBUTE);
    }

    private static List<String> values(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        return values == null || !values.hasMoreElements() ? List.of() : Collections.list(values);
    }

    private static String publicOrigin(HttpServletRequest clientToProxyRequest) {
        String host = clientToProxyRequest.getHeader("Host");
        if (host == null || host.isEmpty()) {
            host = clientToProxyRequest.getServerName() + ":" + clientToProxyRequest.getServerPort();
        }
        return clientToProxyRequest.getScheme() + "://" + host;
    }
}

package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.jetty.forward.InterimResponses;
import io.gatehouse.proxy.jetty.tls.UpstreamTlsContext;
import java.util.concurrent.Executor;
import org.eclipse.jetty.client.ContinueProtocolHandler;
import org.eclipse.jetty.client.UpgradeProtocolHandler;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * The one jetty-client {@link HttpClient} a {@link ProxyServlet} forwards with, set up for a
 * reverse proxy in one place (ADR 0011): it never follows redirects (they are the client's to
 * follow), keeps no cookies (clients' cookies must never mix), does not decode content (bodies
 * and {@code Content-Encoding} pass as the upstream sent them), acts on no status (a 401, 407 or
 * 3xx is relayed, not acted on) but reads past interim responses ({@link InterimResponses},
 * {@link ContinueProtocolHandler} for an unsolicited 100), sends no {@code User-Agent} of its own,
 * passes response header values byte for byte, and applies the configuration's pool size,
 * timeouts, header room and upstream TLS.
 *
 * <p>Upstreams configured as {@code h2c://} or {@code h2://} are reached over HTTP/2 by a second
 * client ({@link #startHttp2}, ADR 0017). The first speaks HTTP/1.1 over a duplex connection pool: the dynamic transport's multiplex pool
 * scans its entries on every acquire, a measurable cost per request for HTTP/1.1 upstreams
 * (bench/RESULTS.md). Its response listeners never block (ADR 0007), so responses are relayed
 * on the selector thread that read them instead of being handed to another pool thread.
 */
final class UpstreamClient {

    /** Room for the headers the proxy adds to a request head, beyond the client's {@code maxHeaderSize}. */
    static final int PROXY_HEADERS_ROOM = 4 * 1024;

    /**
     * The buffer an upstream connection reads a response into (jetty-client's default: 16 KiB). A
     * larger one reads a big body in fewer reads and relays it in fewer, larger writes
     * (bench/RESULTS.md, 1 MiB); it is taken from the pool only while a read is under way.
     */
    static final int RESPONSE_BUFFER_BYTES = 64 * 1024;

    private UpstreamClient() {
    }

    /**
     * Creates and starts the client.
     *
     * @param executor the server's thread pool, or null for one of the client's own
     * @param selectors selector threads (one per core, at most 4, by default: {@link #defaultSelectors()})
     * @throws Exception when the client does not start (e.g. an unreadable trust store)
     */
    static HttpClient start(ProxyConfig config, Executor executor, int selectors) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(selectors);
        connector.setSslContextFactory(UpstreamTlsContext.create(config.upstreamTls()));
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        // Response header values pass byte for byte: jetty-client's parser otherwise takes a value
        // from its field cache when it equals a cached one ignoring case ("Max-Age=60" came out as
        // an earlier "max-age=60").
        transport.setHeaderCacheCaseSensitive(true);
        return configureAndStart(new HttpClient(transport), config, executor);
    }

    /**
     * Creates and starts the client of the upstreams spoken to over HTTP/2 ({@code h2c://},
     * {@code h2://}; ADR 0017), set up as {@link #start}'s: jetty-client's dynamic transport with
     * HTTP/1.1 listed first and HTTP/2 second, so a request says which it speaks
     * ({@code version(HTTP_2)}: h2c by prior knowledge in cleartext, h2 by ALPN over TLS). Its
     * destinations pool multiplexed connections: many concurrent requests share few connections,
     * up to the upstream's {@code SETTINGS_MAX_CONCURRENT_STREAMS} each. A client of its own,
     * so that HTTP/1.1 upstreams keep {@link #start}'s transport (its case-sensitive header cache
     * and its duplex pool); made only when a configuration names such an upstream.
     */
    static HttpClient startHttp2(ProxyConfig config, Executor executor) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setSslContextFactory(UpstreamTlsContext.create(config.upstreamTls()));
        HTTP2Client http2 = new HTTP2Client(connector);
        http2.setMaxRequestHeadersSize(config.edge().maxHeaderSize() + PROXY_HEADERS_ROOM);
        HttpClientTransportDynamic transport = new HttpClientTransportDynamic(connector,
                HttpClientConnectionFactory.HTTP11, new ClientConnectionFactoryOverHTTP2.HTTP2(http2));
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        return configureAndStart(new HttpClient(transport), config, executor);
    }

    private static HttpClient configureAndStart(HttpClient client, ProxyConfig config, Executor executor) throws Exception {
        if (executor != null) {
            client.setExecutor(executor);
        }
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(null);
        client.setMaxConnectionsPerDestination(config.maxConnectionsPerUpstream());
        client.setResponseBufferSize(RESPONSE_BUFFER_BYTES);
        client.setConnectTimeout(config.longestConnectTimeout().toMillis());
        // Closes pooled connections before the upstream (or a load balancer in between) forgets them.
        client.setIdleTimeout(config.upstreamIdleTimeout().toMillis());
        // A request head as large as the connector accepts (maxHeaderSize), plus what the proxy adds to it
        // (X-Forwarded-*, Forwarded, Via, the request id), must fit the proxy-to-server request, else it fails as a 502.
        client.setMaxRequestHeadersSize(config.edge().maxHeaderSize() + PROXY_HEADERS_ROOM);
        client.start();
        // Both are filled by start(): emptied after it. Content is relayed as coded (a proxy's client
        // must not decode gzip); no redirect or authentication handling.
        client.getContentDecoderFactories().clear();
        client.getProtocolHandlers().clear();
        // 102, 103 and other interim responses are read past to the final one; an unsolicited 100 too
        // (the proxy does not forward Expect, so it never waits for one).
        client.getProtocolHandlers().put(new ContinueProtocolHandler());
        client.getProtocolHandlers().put(new InterimResponses());
        // 101 Switching Protocols to the WebSocket bridge's upstream handshake (WebSocketBridge).
        client.getProtocolHandlers().put(new UpgradeProtocolHandler());
        return client;
    }

    /** One selector per core, at most 4. */
    static int defaultSelectors() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }
}

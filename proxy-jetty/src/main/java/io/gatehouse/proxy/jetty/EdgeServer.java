package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.jetty.edge.MinimumRequestBodyRate;
import io.gatehouse.proxy.jetty.edge.RequestHeadTimeout;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Settings for the host's Jetty server when Gatehouse faces the internet. Gatehouse runs
 * inside the host's server, so the HTTP parser's rules are the host's; these are the ones an
 * edge proxy wants:
 * <ul>
 *   <li>{@link HttpCompliance#STRICT}: RFC 9110/9112 with no leniency, so a bare LF line
 *       terminator is a 400 like every other framing ambiguity (Jetty's default already rejects
 *       {@code Content-Length} with {@code Transfer-Encoding}, several {@code Content-Length}s,
 *       obs-fold, bare CR, missing or duplicate {@code Host});</li>
 *   <li>{@link UriCompliance#DEFAULT}: ambiguous paths ({@code %2e%2e}, {@code %2f},
 *       {@code ..;}, backslashes) are a 400;</li>
 *   <li>a case-sensitive header field cache, so that header values reach the upstream byte for
 *       byte (Jetty's default cache matches values ignoring case and hands out the cached
 *       spelling);</li>
 *   <li>no {@code Server} or {@code X-Powered-By} of the host; an 8 KiB request line and header
 *       limit (414 and 431 beyond);</li>
 *   <li>{@link ProblemErrorHandler}: those errors are problem+json;</li>
 *   <li>against slow clients (slowloris), beside the connector's idle timeout (silence):
 *       {@link #limitRequestHeadTime} (a request head trickled in byte by byte) and
 *       {@link #limitSlowRequestBodies} (a body trickled in).</li>
 * </ul>
 */
public final class EdgeServer {

    /** The default limit on the request line plus headers, as nginx's {@code large_client_header_buffers}. */
    public static final int DEFAULT_MAX_REQUEST_HEADER_SIZE = 8 * 1024;

    private EdgeServer() {
    }

    /** An HTTP configuration with the edge settings; add it to each connector's connection factory. */
    public static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setHttpCompliance(HttpCompliance.STRICT);
        http.setUriCompliance(UriCompliance.DEFAULT);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(DEFAULT_MAX_REQUEST_HEADER_SIZE);
        // Header values are forwarded byte for byte: the parser's field cache otherwise hands out an
        // earlier value equal ignoring case ("Cache-Control: No-Cache" went upstream as "no-cache").
        http.setHeaderCacheCaseSensitive(true);
        return http;
    }

    /**
     * The edge HTTP configuration with the proxy configuration's request head limit
     * ({@code ProxyConfig.Builder.maxHeaderSize}, 431 beyond): the connector is where the bytes
     * of a request line and headers are counted.
     */
    public static HttpConfiguration httpConfiguration(ProxyConfig config) {
        HttpConfiguration http = httpConfiguration();
        http.setRequestHeaderSize(Objects.requireNonNull(config, "config").edge().maxHeaderSize());
        return http;
    }

    // HTTP/2 to the client (issue 12, ADR 0017).

    /**
     * The connection factories of a cleartext connector: HTTP/1.1 with {@code http}, and when
     * {@code h2c} is true HTTP/2 in cleartext too, both by prior knowledge (the connection starts
     * with the HTTP/2 preface, RFC 9113 §3.3, as {@code curl --http2-prior-knowledge} and gRPC
     * clients do) and by an HTTP/1.1 {@code Upgrade: h2c} (RFC 7540 §3.2). Either way the
     * upgrade ends here: the proxy forwards requests, never an {@code Upgrade: h2c} (hop by hop,
     * RFC 9110 §7.8). Pass them to {@code new ServerConnector(server, factories)}.
     */
    public static ConnectionFactory[] cleartext(HttpConfiguration http, boolean h2c) {
        Objects.requireNonNull(http, "http");
        HttpConnectionFactory http11 = new HttpConnectionFactory(http);
        return h2c ? new ConnectionFactory[] {http11, new HTTP2CServerConnectionFactory(http)}
                : new ConnectionFactory[] {http11};
    }

    /**
     * The connection factories of a TLS connector that offers HTTP/2 ({@code h2}) and HTTP/1.1
     * by ALPN (RFC 7301), HTTP/1.1 for clients that name neither. The cipher suites are ordered
     * so that the ones HTTP/2 forbids (RFC 9113 §9.2.2) come last.
     *
     * @param https the HTTP configuration, usually with a {@code SecureRequestCustomizer}
     */
    public static ConnectionFactory[] tls(SslContextFactory.Server ssl, HttpConfiguration https) {
        Objects.requireNonNull(ssl, "ssl");
        Objects.requireNonNull(https, "https");
        ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
        HttpConnectionFactory http11 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), http11.getProtocol());
        alpn.setDefaultProtocol(http11.getProtocol());
        return new ConnectionFactory[] {new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, http11};
    }

    // Slow clients (issue 5).

    /**
     * Closes a connection whose request head (request line and headers) takes longer than
     * {@code limit} from its first byte (cut between the limit and 1.25 × the limit, without an
     * answer): a slowloris client trickling its headers, each byte resetting the idle timeout,
     * is cut off while other connections are served. Covers HTTP/1.1, also over TLS. Call
     * before the server starts; 10 to 30 s suit people on slow networks (Go's and nginx's
     * equivalents default to none and 60 s).
     */
    public static void limitRequestHeadTime(Connector connector, Duration limit) {
        Objects.requireNonNull(connector, "connector");
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: a positive duration such as 20 s)");
        }
        connector.addBean(new RequestHeadTimeout(connector, limit.toNanos()));
    }

    /**
     * Wraps the host's handler so that a request body arriving slower than
     * {@code minBytesPerSecond}, counted per request after {@code grace}, fails: the proxy answers
     * with a problem, closes the connection and never forwards the body as whole (as Apache's
     * {@code mod_reqtimeout body=GRACE,MinRate=RATE}). A body that stops altogether is cut by the
     * connector's idle timeout. Set the result as the server's handler. Jetty's own
     * {@code MinimumDataRateHandler} is not used: in 12.1.12 it measures the bytes of all
     * requests together, so under load it never cuts anyone off.
     */
    public static Handler limitSlowRequestBodies(Handler host, long minBytesPerSecond, Duration grace) {
        Objects.requireNonNull(host, "host");
        if (minBytesPerSecond <= 0) {
            throw new IllegalArgumentException("minBytesPerSecond: " + minBytesPerSecond + " (expected: 1 or more, e.g. 500)");
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace: " + grace + " (expected: 0 or more, e.g. 10 s)");
        }
        return new MinimumRequestBodyRate(host, minBytesPerSecond, grace.toNanos(), System::nanoTime);
    }

    /** Installs the problem+json error handler on the server. */
    public static void installErrorHandler(Server server) {
        server.setErrorHandler(new ProblemErrorHandler());
    }
}

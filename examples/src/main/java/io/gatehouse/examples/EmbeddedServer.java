package io.gatehouse.examples;

import io.gatehouse.proxy.jetty.EdgeServer;
import java.net.URI;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.SecuredRedirectHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A started Jetty server with one servlet context at {@code /} on one address, with the edge
 * settings of {@link EdgeServer} (strict parsing, problem+json errors); the caller decides what is
 * mounted in the context (host servlets, the proxy, a demo backend). With {@link ServerTls} it
 * serves HTTPS instead, optionally with HSTS and a plain HTTP listener that only redirects.
 */
public final class EmbeddedServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ServerConnector redirectConnector;
    private final String host;

    private EmbeddedServer(Server server, ServerConnector connector, ServerConnector redirectConnector, String host) {
        this.server = server;
        this.connector = connector;
        this.redirectConnector = redirectConnector;
        this.host = host;
    }

    /**
     * Builds the server, lets {@code setup} mount servlets in its context, and starts it.
     *
     * @param host the interface to bind, e.g. {@code 127.0.0.1}
     * @param port the port, or 0 for any free one
     * @param setup mounts what the server serves
     * @throws Exception when the server cannot start, e.g. the port is taken; nothing is left running
     */
    public static EmbeddedServer start(String host, int port, Consumer<ServletContextHandler> setup) throws Exception {
        return start(host, port, null, setup);
    }

    /**
     * Like {@link #start(String, int, Consumer)}, serving HTTPS when {@code tls} is given.
     *
     * @param tls the key store, HSTS and redirect listener; null for plain HTTP
     */
    public static EmbeddedServer start(String host, int port, ServerTls tls, Consumer<ServletContextHandler> setup)
            throws Exception {
        return start(host, port, tls, false, setup);
    }

    /**
     * Like {@link #start(String, int, ServerTls, Consumer)}; with {@code h2c}, plain HTTP also
     * accepts HTTP/2 in cleartext (prior knowledge and {@code Upgrade: h2c}). HTTPS always offers
     * h2 and HTTP/1.1 by ALPN.
     */
    public static EmbeddedServer start(String host, int port, ServerTls tls, boolean h2c,
                                       Consumer<ServletContextHandler> setup) throws Exception {
        Server server = new Server();
        ServerConnector connector = tls == null
                ? new ServerConnector(server, EdgeServer.cleartext(EdgeServer.httpConfiguration(), h2c))
                : httpsConnector(server, tls);
        connector.setHost(host);
        connector.setPort(port);
        // A burst of new connections must not overflow the JDK's default backlog of 50 (bench/RESULTS.md).
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        EdgeServer.installErrorHandler(server);
        ServletContextHandler context = new ServletContextHandler("/");
        setup.accept(context);
        server.setHandler(context);
        ServerConnector redirectConnector = null;
        try {
            if (tls != null && tls.redirectPort() != ServerTls.NO_REDIRECT) {
                connector.open(); // binds now, so the redirect knows the HTTPS port even when 0 was asked for
                redirectConnector = redirectConnector(server, host, tls.redirectPort(), connector.getLocalPort());
                server.addConnector(redirectConnector);
                // Requests on the plain listener are never served, only sent to HTTPS (RFC 9110 §15.4.9).
                server.setHandler(new SecuredRedirectHandler(context, HttpStatus.PERMANENT_REDIRECT_308));
            }
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new EmbeddedServer(server, connector, redirectConnector, host);
    }

    /** TLS, then HTTP/2 or HTTP/1.1 by ALPN with the edge settings, the TLS session details and, when asked, HSTS. */
    private static ServerConnector httpsConnector(Server server, ServerTls tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keyStore().toString());
        ssl.setKeyStorePassword(tls.password());
        HttpConfiguration https = EdgeServer.httpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer(tls.sniHostCheck());
        if (tls.hstsMaxAgeSeconds() != ServerTls.NO_HSTS) {
            // RFC 6797 §7.1: sent over secure transport only; the plain listener never sends it (§7.2).
            secure.setStsMaxAge(tls.hstsMaxAgeSeconds());
        }
        https.addCustomizer(secure);
        return new ServerConnector(server, EdgeServer.tls(ssl, https));
    }

    /** Plain HTTP with the edge settings, knowing where HTTPS is. */
    private static ServerConnector redirectConnector(Server server, String host, int port, int httpsPort) {
        HttpConfiguration http = EdgeServer.httpConfiguration();
        http.setSecureScheme("https");
        http.setSecurePort(httpsPort);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        // A burst of new connections must not overflow the JDK's default backlog of 50 (bench/RESULTS.md).
        connector.setAcceptQueueSize(1024);
        return connector;
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The server's base address, e.g. {@code http://127.0.0.1:8080} or {@code https://127.0.0.1:8443}. */
    public URI uri() {
        return uri(isTls() ? "https" : "http", port());
    }

    /** Whether the server speaks HTTPS. */
    public boolean isTls() {
        return connector.getConnectionFactory(SslConnectionFactory.class) != null;
    }

    /** The plain HTTP listener that redirects to HTTPS, e.g. {@code http://127.0.0.1:8080}, or null when there is none. */
    public URI redirectUri() {
        return redirectConnector == null ? null : uri("http", redirectConnector.getLocalPort());
    }

    private URI uri(String scheme, int port) {
        String authority = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create(scheme + "://" + authority + ":" + port);
    }

    /**
     * Stops the server; calling it again does nothing.
     *
     * @throws IllegalStateException when Jetty fails to stop (the interrupt flag is kept if that was the cause)
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("stopping the server on " + uri() + " failed", e);
        }
    }
}

package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.ProxyConfig;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A host server facing the internet, set up as {@link EdgeServer} says, with the Gatehouse
 * servlet mounted at {@code /api}: on 127.0.0.1 or {@code ::1}, port 0, and optionally with
 * the defences against slow clients (connector idle timeout, request head deadline, minimum
 * request body rate).
 */
final class EdgeProxy implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ProxyServlet proxy;
    private final String host;

    private EdgeProxy(Builder b) throws Exception {
        host = b.host;
        server = b.maxThreads > 0 ? new Server(new QueuedThreadPool(b.maxThreads)) : new Server();
        HttpConfiguration http = EdgeServer.httpConfiguration(b.config);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(b.host);
        connector.setPort(0);
        if (b.sendBufferSize > 0) {
            connector.setAcceptedSendBufferSize(b.sendBufferSize);
        }
        if (b.idleTimeout != null) {
            connector.setIdleTimeout(b.idleTimeout.toMillis());
        }
        if (b.requestHeadTimeout != null) {
            EdgeServer.limitRequestHeadTime(connector, b.requestHeadTimeout);
        }
        server.addConnector(connector);
        EdgeServer.installErrorHandler(server);
        ServletContextHandler context = new ServletContextHandler("/");
        proxy = ProxyMount.at(context, "/api", b.config);
        Handler handler = context;
        if (b.minRequestBodyRate > 0) {
            handler = EdgeServer.limitSlowRequestBodies(context, b.minRequestBodyRate, b.bodyGrace);
        }
        server.setHandler(handler);
        server.start();
    }

    static Builder builder(ProxyConfig config) {
        return new Builder(config);
    }

    static EdgeProxy start(ProxyConfig config) throws Exception {
        return builder(config).start();
    }

    /** The absolute URI of a path on the proxy. */
    URI uri(String pathAndQuery) {
        String authority = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create("http://" + authority + ":" + port() + pathAndQuery);
    }

    int port() {
        return connector.getLocalPort();
    }

    ProxyServlet servlet() throws Exception {
        return proxy;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** How the edge proxy is set up. */
    static final class Builder {
        private final ProxyConfig config;
        private String host = "127.0.0.1";
        private Duration idleTimeout;
        private Duration requestHeadTimeout;
        private long minRequestBodyRate;
        private Duration bodyGrace = Duration.ZERO;
        private int maxThreads;
        private int sendBufferSize;

        private Builder(ProxyConfig config) {
            this.config = config;
        }

        /** Listens on this address (default 127.0.0.1), e.g. {@code ::1}. */
        Builder host(String host) {
            this.host = host;
            return this;
        }

        Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        Builder requestHeadTimeout(Duration timeout) {
            this.requestHeadTimeout = timeout;
            return this;
        }

        Builder minRequestBodyRate(long bytesPerSecond, Duration grace) {
            this.minRequestBodyRate = bytesPerSecond;
            this.bodyGrace = grace;
            return this;
        }

        /** The server's thread pool (shared with the proxy's upstream client) holds at most this many threads. */
        Builder maxThreads(int maxThreads) {
            this.maxThreads = maxThreads;
            return this;
        }

        /** Each accepted connection's socket send buffer (SO_SNDBUF; default: the kernel's, autotuned). */
        Builder sendBufferSize(int bytes) {
            this.sendBufferSize = bytes;
            return this;
        }

        EdgeProxy start() throws Exception {
            return new EdgeProxy(this);
        }
    }
}

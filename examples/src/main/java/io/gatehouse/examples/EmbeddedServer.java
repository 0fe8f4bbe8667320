package io.gatehouse.examples;

import io.gatehouse.proxy.jetty.EdgeServer;
import java.net.URI;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A started Jetty server with one servlet context at {@code /} on one address, with the edge
 * settings of {@link EdgeServer} (strict parsing, problem+json errors); the caller decides what is
 * mounted in the context (host servlets, the proxy, a demo backend).
 */
public final class EmbeddedServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final String host;

    private EmbeddedServer(Server server, ServerConnector connector, String host) {
        this.server = server;
        this.connector = connector;
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
        Server server = new Server();
        HttpConfiguration http = EdgeServer.httpConfiguration();
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        EdgeServer.installErrorHandler(server);
        ServletContextHandler context = new ServletContextHandler("/");
        setup.accept(context);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new EmbeddedServer(server, connector, host);
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The server's base address, e.g. {@code http://127.0.0.1:8080}. */
    public URI uri() {
        String authority = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create("http://" + authority + ":" + port());
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

package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.ProxyConfig;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The proxy mounted at {@code /} on 127.0.0.1, port 0, with the cleartext connector of
 * {@link EdgeServer#cleartext}: HTTP/1.1, and HTTP/2 (h2c) when asked.
 */
final class Http2Proxy implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ProxyServlet servlet;

    private Http2Proxy(ProxyConfig config, boolean h2c) throws Exception {
        server = new Server();
        HttpConfiguration http = EdgeServer.httpConfiguration(config);
        connector = new ServerConnector(server, EdgeServer.cleartext(http, h2c));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        EdgeServer.installErrorHandler(server);
        ServletContextHandler context = new ServletContextHandler("/");
        servlet = ProxyMount.at(context, "/", config);
        server.setHandler(context);
        server.start();
    }

    static Http2Proxy h2c(ProxyConfig config) throws Exception {
        return new Http2Proxy(config, true);
    }

    static Http2Proxy http11Only(ProxyConfig config) throws Exception {
        return new Http2Proxy(config, false);
    }

    int port() {
        return connector.getLocalPort();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    ProxyServlet servlet() {
        return servlet;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.ProxyConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A host application on 127.0.0.1, port 0: its own servlet at {@code /host/*} and the
 * Gatehouse servlet mounted at a prefix.
 */
final class ProxyUnderTest implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ProxyServlet proxy;

    private ProxyUnderTest(String prefix, ProxyConfig config) throws Exception {
        server = new Server();
        HttpConfiguration http = EdgeServer.httpConfiguration();
        http.setSendDateHeader(true);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        EdgeServer.installErrorHandler(server);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain");
                resp.getWriter().print("host servlet " + req.getPathInfo());
            }
        }), "/host/*");
        proxy = ProxyMount.at(context, prefix, config);
        server.setHandler(context);
        server.start();
    }

    static ProxyUnderTest start(String prefix, ProxyConfig config) throws Exception {
        return new ProxyUnderTest(prefix, config);
    }

    /** The absolute URI of a path on the proxy. */
    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
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
}

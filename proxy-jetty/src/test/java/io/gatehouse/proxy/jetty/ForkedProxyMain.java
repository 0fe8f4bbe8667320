package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.ProxyConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A proxy in its own JVM, for tests that must bound the proxy's heap: forwards everything under
 * {@code /} to the upstreams given as arguments (one group, round robin, in the order given),
 * prints {@code PORT=n}, and runs until its standard input closes.
 */
public final class ForkedProxyMain {

    private ForkedProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ProxyMount.at(context, "/", ProxyConfig.builder()
                .upstreamGroup("g", g -> {
                    for (String upstream : args) {
                        g.upstream(upstream);
                    }
                })
                .route("all", r -> r.to("g"))
                .build());
        server.setHandler(context);
        server.start();
        System.out.println("PORT=" + connector.getLocalPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // run until the parent closes our standard input
        }
        server.stop();
    }
}

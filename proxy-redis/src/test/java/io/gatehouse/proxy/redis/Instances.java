package io.gatehouse.proxy.redis;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.jetty.ProxyMount;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** Real servers for the multi-instance tests: Gatehouse instances and their one backend, on 127.0.0.1 port 0. */
final class Instances {

    /** The host every client asks for, as it would through a load balancer: the instances' cache keys agree. */
    static final String HOST = "app.example";

    private Instances() {
    }

    /** One Gatehouse instance: a Jetty server with the proxy mounted at the root. */
    static final class Gatehouse implements AutoCloseable {

        private final Server server;

        private Gatehouse(Server server) {
            this.server = server;
        }

        static Gatehouse start(ProxyConfig config) throws Exception {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            ProxyMount.at(context, "/", config);
            server.setHandler(context);
            server.start();
            return new Gatehouse(server);
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    /**
     * The backend: answers every GET with {@code <path> #<n>} (n counts the requests it saw),
     * cacheable for a minute; anything else with 204.
     */
    static final class Backend implements AutoCloseable {

        private final Server server;
        private final AtomicInteger requests = new AtomicInteger();

        private Backend() {
            this.server = new Server();
        }

        static Backend start() throws Exception {
            Backend backend = new Backend();
            ServerConnector connector = new ServerConnector(backend.server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            backend.server.addConnector(connector);
            backend.server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    int n = backend.requests.incrementAndGet();
                    if (!request.getMethod().equals("GET")) {
                        response.setStatus(204);
                        callback.succeeded();
                        return true;
                    }
                    response.getHeaders().put("Cache-Control", "max-age=60");
                    response.getHeaders().put("Content-Type", "text/plain");
                    Content.Sink.write(response, true, Request.getPathInContext(request) + " #" + n, callback);
                    return true;
                }
            });
            backend.server.start();
            return backend;
        }

        String uri() {
            return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }
}

package io.gatehouse.proxy.micrometer;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.jetty.ProxyMount;
import io.gatehouse.proxy.jetty.ProxyServlet;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** A real Jetty server on 127.0.0.1, port 0: a Gatehouse proxy at the root, or a small upstream. */
final class LiveProxy implements AutoCloseable {

    /** What an upstream answers: status, headers, body. */
    record Reply(int status, Map<String, String> headers, String body) {
    }

    private final Server server;
    private final ServerConnector connector;
    private ProxyServlet servlet;
    /** The headers of every request an upstream saw, by name (first value). */
    final BlockingQueue<Map<String, String>> seen = new LinkedBlockingQueue<>();

    private LiveProxy() {
        server = new Server();
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
    }

    static LiveProxy proxy(ProxyConfig config) throws Exception {
        LiveProxy live = new LiveProxy();
        ServletContextHandler context = new ServletContextHandler("/");
        live.servlet = ProxyMount.at(context, "/", config);
        live.server.setHandler(context);
        live.server.start();
        return live;
    }

    static LiveProxy upstream(Function<String, Reply> replies) throws Exception {
        LiveProxy live = new LiveProxy();
        live.server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Map<String, String> headers = new java.util.HashMap<>();
                request.getHeaders().forEach(f -> headers.putIfAbsent(f.getLowerCaseName(), f.getValue()));
                live.seen.add(headers);
                Reply reply = replies.apply(Request.getPathInContext(request));
                response.setStatus(reply.status());
                reply.headers().forEach((n, v) -> response.getHeaders().put(n, v));
                response.write(true, ByteBuffer.wrap(reply.body().getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        live.server.start();
        return live;
    }

    ProxyServlet servlet() {
        return servlet;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

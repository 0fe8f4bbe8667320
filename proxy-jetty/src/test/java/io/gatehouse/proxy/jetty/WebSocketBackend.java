package io.gatehouse.proxy.jetty;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A real Jetty WebSocket server on 127.0.0.1 port 0: at {@code /ws/*} it echoes text and binary
 * messages (a text {@code close CODE REASON} makes it close with that code), answers pings with
 * pongs (Jetty's default), picks the last subprotocol offered, and refuses handshakes to
 * {@code /ws/refuse} with 403. It records each handshake's path and headers and the close it saw.
 */
public final class WebSocketBackend implements AutoCloseable {

    record Handshake(String path, String query, String forwardedFor, String via, List<String> subProtocols,
                     String traceparent) {
    }

    record Closed(int code, String reason) {
    }

    private static final long LARGEST_MESSAGE = 32L * 1024 * 1024;

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();
    final BlockingQueue<Closed> closes = new LinkedBlockingQueue<>();

    WebSocketBackend() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JettyWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setMaxBinaryMessageSize(LARGEST_MESSAGE);
            container.setMaxTextMessageSize(LARGEST_MESSAGE);
            container.addMapping("/ws/*", (request, response) -> {
                handshakes.add(new Handshake(request.getRequestPath(), request.getQueryString(),
                        request.getHeader("X-Forwarded-For"), request.getHeader("Via"), request.getSubProtocols(),
                        request.getHeader("traceparent")));
                if (request.getRequestPath().equals("/ws/refuse")) {
                    response.sendForbidden("not you");
                    return null;
                }
                List<String> offered = request.getSubProtocols();
                if (!offered.isEmpty()) {
                    response.setAcceptedSubProtocol(offered.get(offered.size() - 1));
                }
                return new Echo();
            });
        });
        server.setHandler(context);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Public because Jetty finds an endpoint's methods through a public lookup. */
    public final class Echo implements Session.Listener.AutoDemanding {

        private Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String message) {
            if (message.startsWith("close ")) {
                String[] parts = message.split(" ", 3);
                session.close(Integer.parseInt(parts[1]), parts[2], Callback.NOOP);
                return;
            }
            session.sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            callback.succeed();
            session.sendBinary(copy, Callback.NOOP);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closes.add(new Closed(statusCode, reason));
        }
    }
}

package io.gatehouse.proxy.jetty;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A small embedded Jetty upstream on 127.0.0.1, port 0, that records every request it sees
 * (method, raw target, headers, body, peer port) and answers with a reply function, which may
 * block (e.g. on a latch) to play a slow server.
 */
public final class Backend implements AutoCloseable {

    /**
     * One request as the upstream saw it.
     *
     * @param remotePort the proxy's end of the connection
     * @param connection the connection's serial number in this backend (1, 2, ...): unlike the
     *     port, never the same for two connections
     */
    record Seen(String method, String target, HttpFields headers, byte[] body, int remotePort, long connection) {
        String header(String name) {
            return headers.get(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What the upstream answers. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        static Reply text(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "text/plain"), body.getBytes(StandardCharsets.UTF_8));
        }

        Reply with(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Reply(status, copy, body);
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final int port;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger arrivals = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong connections = new java.util.concurrent.atomic.AtomicLong();
    private static final String CONNECTION_NUMBER = Backend.class.getName() + ".connection";

    private Backend(Function<Seen, Reply> replies, long idleTimeoutMillis) throws Exception {
        this(replies, idleTimeoutMillis, 0);
    }

    private Backend(Function<Seen, Reply> replies, long idleTimeoutMillis, long replyDelayMillis) throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setHeaderCacheCaseSensitive(true); // records header values exactly as the proxy sent them
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        if (idleTimeoutMillis > 0) {
            connector.setIdleTimeout(idleTimeoutMillis);
        }
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                arrivals.incrementAndGet();
                byte[] body = Content.Source.asInputStream(request).readAllBytes();
                int peerPort = ((InetSocketAddress) request.getConnectionMetaData().getRemoteSocketAddress()).getPort();
                Seen one = new Seen(request.getMethod(), request.getHttpURI().getPathQuery(),
                        HttpFields.build(request.getHeaders()).asImmutable(), body, peerPort,
                        connectionNumber(request.getConnectionMetaData()));
                seen.add(one);
                count.incrementAndGet();
                Reply reply = replies.apply(one);
                response.setStatus(reply.status());
                // put: a reply's Date or Server replaces the one the server presets
                reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
                if (replyDelayMillis > 0) {
                    // The service time, on Jetty's scheduler: no thread waits for it.
                    request.getComponents().getScheduler().schedule(
                            () -> response.write(true, ByteBuffer.wrap(reply.body()), callback),
                            replyDelayMillis, TimeUnit.MILLISECONDS);
                } else {
                    response.write(true, ByteBuffer.wrap(reply.body()), callback);
                }
                return true;
            }
        });
        server.start();
        port = connector.getLocalPort();
    }

    /** The serial number of a connection, given on its first request (kept in the connection's attributes). */
    private long connectionNumber(org.eclipse.jetty.server.ConnectionMetaData connection) {
        Object number = connection.getAttribute(CONNECTION_NUMBER);
        if (number == null) {
            number = connections.incrementAndGet();
            connection.setAttribute(CONNECTION_NUMBER, number);
        }
        return (Long) number;
    }

    /** Starts a backend answering with the function. */
    static Backend start(Function<Seen, Reply> replies) throws Exception {
        return new Backend(replies, 0);
    }

    /**
     * Starts a backend that closes keep-alive connections idle for longer than {@code idleTimeout}
     * without a word (no {@code Connection: close}, just the end of the connection).
     */
    static Backend closingIdleConnectionsAfter(java.time.Duration idleTimeout, Function<Seen, Reply> replies)
            throws Exception {
        return new Backend(replies, idleTimeout.toMillis());
    }

    /** Starts a backend whose every reply leaves {@code serviceTime} after the request arrived: a slow (or fast) server. */
    static Backend answeringAfter(java.time.Duration serviceTime, Function<Seen, Reply> replies) throws Exception {
        return new Backend(replies, 0, serviceTime.toMillis());
    }

    /** Starts a backend answering 200 with a fixed text. */
    public static Backend ok(String text) throws Exception {
        return start(request -> Reply.text(200, text));
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The port, the same while stopped and after {@link #restart()}. */
    public int port() {
        return port;
    }

    /** Stops listening and closes every connection, as a crashed or redeployed server would. */
    void stop() throws Exception {
        server.stop();
    }

    /** Listens again on the same port, after {@link #stop()}. */
    void restart() throws Exception {
        connector.setPort(port);
        server.start();
    }

    /** The next request seen, waiting up to 5 s. */
    Seen take() throws InterruptedException {
        Seen next = seen.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("the backend saw no request within 5 s");
        }
        return next;
    }

    /** The next request seen if there is one, without waiting; null otherwise. */
    Seen poll() {
        return seen.poll();
    }

    /** How many request heads reached this backend, whether their body arrived whole or not. */
    public int arrivals() {
        return arrivals.get();
    }

    /** How many requests reached this backend whole. */
    public int requestCount() {
        return count.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

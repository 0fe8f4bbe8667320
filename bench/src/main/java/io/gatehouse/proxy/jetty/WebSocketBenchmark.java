package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.ProxyConfig;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * WebSocket messages per second through Gatehouse's bridge vs straight to the upstream, in one
 * run (issue 12): an echo upstream (Jetty's WebSocket server), a Gatehouse proxy mounted at
 * {@code /} routing to it, and one client connection to each. An operation is one text message
 * sent and its echo received; {@value #WINDOW} messages are kept in flight per invocation, so
 * the figure is throughput, not the round-trip time. The ratio {@code proxied / direct} is the
 * figure in {@code bench/RESULTS.md}.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar WebSocketBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WebSocketBenchmark {

    /** Messages sent per invocation, at most this many awaiting their echo. */
    static final int WINDOW = 64;

    /** The size of each text message in bytes. */
    @Param({"1024"})
    public int size;

    private Server upstream;
    private Server proxy;
    private WebSocketClient client;
    private Echoes direct;
    private Echoes proxied;
    private String message;

    @Setup
    public void setUp() throws Exception {
        upstream = new Server();
        ServerConnector upstreamConnector = connector(upstream);
        ServletContextHandler echo = new ServletContextHandler("/");
        JettyWebSocketServletContainerInitializer.configure(echo, (servletContext, container) ->
                container.addMapping("/ws/*", (request, response) -> new EchoEndpoint()));
        upstream.setHandler(echo);
        upstream.start();

        proxy = new Server();
        ServerConnector proxyConnector = connector(proxy);
        ServletContextHandler context = new ServletContextHandler("/");
        ProxyMount.at(context, "/", ProxyConfig.builder()
                .upstreamGroup("ws", g -> g.upstream("http://127.0.0.1:" + upstreamConnector.getLocalPort()))
                .route("ws", r -> r.pathPrefix("/ws").to("ws"))
                .build());
        proxy.setHandler(context);
        proxy.start();

        client = new WebSocketClient();
        client.start();
        char[] text = new char[size];
        Arrays.fill(text, 'x');
        message = new String(text);
        direct = Echoes.open(client, "ws://127.0.0.1:" + upstreamConnector.getLocalPort() + "/ws/echo");
        proxied = Echoes.open(client, "ws://127.0.0.1:" + proxyConnector.getLocalPort() + "/ws/echo");
        // both paths echo the message whole before measuring
        direct.roundTrips(message, 1);
        proxied.roundTrips(message, 1);
    }

    private static ServerConnector connector(Server server) {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        return connector;
    }

    @TearDown
    public void tearDown() throws Exception {
        client.stop();
        proxy.stop();
        upstream.stop();
    }

    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public void direct() throws Exception {
        direct.roundTrips(message, WINDOW);
    }

    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public void proxied() throws Exception {
        proxied.roundTrips(message, WINDOW);
    }

    /** One client connection; each echo received gives back a permit. */
    public static final class Echoes implements Session.Listener.AutoDemanding {

        private final Semaphore echoed = new Semaphore(0);
        private volatile Session session;
        private volatile int expectedLength;

        static Echoes open(WebSocketClient client, String uri) throws Exception {
            Echoes echoes = new Echoes();
            client.connect(echoes, URI.create(uri)).get(10, TimeUnit.SECONDS);
            return echoes;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String text) {
            if (text.length() == expectedLength) {
                echoed.release();
            }
        }

        /** Sends {@code count} messages, one send in flight at a time, and waits for all echoes. */
        void roundTrips(String message, int count) throws Exception {
            expectedLength = message.length();
            for (int i = 0; i < count; i++) {
                Callback.Completable sent = new Callback.Completable();
                session.sendText(message, sent);
                sent.get(10, TimeUnit.SECONDS);
            }
            if (!echoed.tryAcquire(count, 10, TimeUnit.SECONDS)) {
                throw new TimeoutException("echoes missing: " + (count - echoed.availablePermits()) + " of " + count);
            }
        }
    }

    /** Echoes every text message back (the upstream). */
    public static final class EchoEndpoint implements Session.Listener.AutoDemanding {

        private volatile Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String text) {
            session.sendText(text, Callback.NOOP);
        }
    }
}

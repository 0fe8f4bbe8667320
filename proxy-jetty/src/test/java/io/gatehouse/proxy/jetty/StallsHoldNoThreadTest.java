package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that stall hold no server thread: clients that ask for a large response and do not read
 * it (a cache hit, a problem and an answer are written asynchronously, as forwarded responses
 * are), and an upstream that never answers a WebSocket handshake (the bridge waits for it
 * without a thread). The server's pool is small, and there are as many stalled exchanges as it
 * has threads: one thread held per exchange would leave none for the requests asserted on.
 */
class StallsHoldNoThreadTest extends ProxyIntegrationTest {

    private static final int MAX_THREADS = 16;
    /** The proxy's socket send buffer per connection, and a slow reader's receive buffer: both small. */
    private static final int SOCKET_BUFFER = 8 * 1024;
    /** Far more than the two socket buffers hold. */
    private static final int LARGE = 512 * 1024;
    /** How long requests keep being made, and must be served, while the slow readers are stuck. */
    private static final Duration WATCH = Duration.ofSeconds(2);

    private final List<Socket> slowReaders = new ArrayList<>();
    private ServerSocket silentUpstream;
    private Backend backend;
    private EdgeProxy proxy;

    @AfterEach
    void stop() throws Exception {
        // The proxy first: its connector closes the stalled connections itself, then the peers go.
        if (proxy != null) {
            proxy.close();
        }
        for (Socket socket : slowReaders) {
            socket.close();
        }
        if (silentUpstream != null) {
            silentUpstream.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void slowReadersOfACachedResponseHoldNoServerThread() throws Exception {
        byte[] large = new byte[LARGE];
        backend = Backend.start(seen -> seen.target().endsWith("/large")
                ? new Backend.Reply(200, Map.of("Cache-Control", "max-age=600", "Content-Type", "application/octet-stream"), large)
                : Backend.Reply.text(200, "small"));
        HttpCache cache = HttpCache.builder().build();
        proxy = EdgeProxy.builder(CachingProxies.config(backend, cache, CachePolicy.rfc9111()))
                .maxThreads(MAX_THREADS)
                .sendBufferSize(SOCKET_BUFFER)
                .start();
        ContentResponse first = client.newRequest(proxy.uri("/api/large")).timeout(30, TimeUnit.SECONDS).send();
        assertEquals(LARGE, first.getContent().length);

        for (int i = 0; i < MAX_THREADS; i++) {
            slowReaders.add(requestWithoutReading("GET /api/large HTTP/1.1\r\nHost: 127.0.0.1:" + proxy.port() + "\r\n\r\n"));
        }
        keepServing("/api/small/1");
        String head = headOf(slowReaders.get(0));
        assertTrue(head.contains("; hit"), head);
    }

    @Test
    void slowReadersOfProblemsHoldNoServerThread() throws Exception {
        backend = Backend.start(seen -> Backend.Reply.text(200, "small"));
        proxy = EdgeProxy.builder(ProxyConfig.builder()
                        .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                        .route("small", r -> r.pathPrefix("/small").to("g"))
                        .build())
                .maxThreads(MAX_THREADS)
                .sendBufferSize(SOCKET_BUFFER)
                .start();
        // Each connection pipelines requests that no route takes (404) and reads none of the answers.
        String refused = "GET /api/nowhere HTTP/1.1\r\nHost: x\r\n\r\n".repeat(20_000);
        for (int i = 0; i < MAX_THREADS; i++) {
            slowReaders.add(requestWithoutReading(refused));
        }
        keepServing("/api/small/2");
    }

    @Test
    void webSocketHandshakesWithAnUpstreamThatNeverAnswersHoldNoServerThread() throws Exception {
        backend = Backend.start(seen -> Backend.Reply.text(200, "small"));
        // Accepts connections (the kernel does, into its backlog) and never reads nor answers.
        silentUpstream = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        proxy = EdgeProxy.builder(ProxyConfig.builder()
                        .upstreamGroup("silent", g -> g.upstream("http://127.0.0.1:" + silentUpstream.getLocalPort()))
                        .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                        .route("ws", r -> r.pathPrefix("/ws").responseTimeout(Duration.ofSeconds(30)).to("silent"))
                        .route("small", r -> r.pathPrefix("/small").to("g"))
                        .build())
                .maxThreads(MAX_THREADS)
                .start();
        for (int i = 0; i < MAX_THREADS; i++) {
            slowReaders.add(requestWithoutReading("GET /api/ws/" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n"));
        }
        keepServing("/api/small/3");
    }

    /** Sends {@code requests} on a new connection with a small receive buffer, and reads nothing. */
    private Socket requestWithoutReading(String requests) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(SOCKET_BUFFER);
        socket.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
        Thread sender = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(requests.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closed) {
                // the test ended, or the proxy closed the connection: nothing to send any more
            }
        }, "slow-reader-sender");
        sender.setDaemon(true);
        sender.start();
        return socket;
    }

    /**
     * Requests {@code path} one after the other for {@link #WATCH}, each to be answered within
     * 5 s: a proxy that held a thread per slow reader runs out of threads within the first
     * milliseconds (its writes stop at the small socket buffers), and one of these then times out.
     */
    private void keepServing(String path) throws Exception {
        long end = System.nanoTime() + WATCH.toNanos();
        int served = 0;
        do {
            ContentResponse response = client.newRequest(proxy.uri(path)).timeout(5, TimeUnit.SECONDS).send();
            assertEquals(200, response.getStatus());
            assertEquals("small", response.getContentAsString());
            served++;
        } while (System.nanoTime() < end);
        assertTrue(served > 1, "served " + served);
    }

    /** Reads a slow reader's response head at last. */
    private static String headOf(Socket socket) throws IOException {
        socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}

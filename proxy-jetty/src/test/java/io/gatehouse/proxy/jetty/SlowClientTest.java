package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slowloris through a real proxy: clients that trickle their request head or body, each byte
 * resetting the connector's idle timeout, are cut off by {@link EdgeServer#limitRequestHeadTime}
 * and {@link EdgeServer#limitSlowRequestBodies}, while other clients are served meanwhile; the
 * upstream never gets a trickled request as whole. Time is real here (Jetty's scheduler and
 * sockets): the limits are short, and the assertions leave room for a loaded machine.
 */
class SlowClientTest extends ProxyIntegrationTest {

    /** Connector idle timeout: longer than the gap between two trickled bytes, so it alone never cuts them. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration HEAD_LIMIT = Duration.ofSeconds(1);
    private static final long MIN_BODY_RATE = 2_000;
    private static final Duration BODY_GRACE = Duration.ofMillis(500);
    /** How long a trickler would take to send everything: far beyond the limits. */
    private static final int TRICKLE_BYTES = 300;
    private static final long TRICKLE_EVERY_MILLIS = 100;

    private final ScheduledExecutorService trickle = Executors.newScheduledThreadPool(2);
    private final ExecutorService readers = Executors.newCachedThreadPool();
    private Backend backend;
    private EdgeProxy proxy;

    @BeforeEach
    void start() throws Exception {
        backend = Backend.start(seen -> Backend.Reply.text(200, "got " + seen.body().length));
        proxy = EdgeProxy.builder(ProxyConfig.builder()
                        .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                        .route("all", r -> r.to("g"))
                        .build())
                .idleTimeout(IDLE_TIMEOUT)
                .requestHeadTimeout(HEAD_LIMIT)
                .minRequestBodyRate(MIN_BODY_RATE, BODY_GRACE)
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        trickle.shutdownNow();
        readers.shutdownNow();
        proxy.close();
        backend.close();
    }

    @Test
    void clientsTricklingTheirHeadersAreCutOffWhileOthersAreServed() throws Exception {
        List<Trickler> slow = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            slow.add(new Trickler("GET /api/slow/" + i + " HTTP/1.1\r\nHost: x\r\nX-Pad: ", (byte) 'a'));
        }
        int served = 0;
        for (int i = 0; i < 5; i++) {
            ContentResponse response = client.GET(proxy.uri("/api/fast/" + i));
            assertEquals(200, response.getStatus());
            served++;
        }
        for (Trickler trickler : slow) {
            Cut cut = trickler.awaitCut(Duration.ofSeconds(10));
            assertTrue(cut.afterMillis() >= HEAD_LIMIT.toMillis() - TRICKLE_EVERY_MILLIS,
                    "cut before the head limit: " + cut);
            assertTrue(cut.afterMillis() < IDLE_TIMEOUT.toMillis() + 1_000, "cut too late: " + cut);
            assertTrue(trickler.sent() < TRICKLE_BYTES, "the trickler sent its whole head: " + cut);
            assertEquals("", cut.response(), "a slowloris client is closed without an answer");
        }
        assertEquals(served, backend.arrivals(), "only the fast requests reached the upstream");
        assertEquals(200, client.GET(proxy.uri("/api/after")).getStatus());
    }

    @Test
    void clientsTricklingTheirBodiesAreCutOffWhileOthersAreServed() throws Exception {
        List<Trickler> slow = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            slow.add(new Trickler("POST /api/upload/" + i + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + TRICKLE_BYTES
                    + "\r\n\r\n", (byte) 'b'));
        }
        byte[] body = new byte[100_000];
        for (int i = 0; i < 5; i++) {
            ContentResponse response = client.POST(proxy.uri("/api/upload/fast")).body(new BytesRequestContent(body)).send();
            assertEquals(200, response.getStatus());
            assertEquals("got " + body.length, response.getContentAsString());
        }
        for (Trickler trickler : slow) {
            Cut cut = trickler.awaitCut(Duration.ofSeconds(10));
            assertTrue(cut.afterMillis() < IDLE_TIMEOUT.toMillis() + 1_000, "cut too late: " + cut);
            assertTrue(trickler.sent() < TRICKLE_BYTES, "the trickler sent its whole body: " + cut);
            assertTrue(cut.response().startsWith("HTTP/1.1 400 "), "answer: " + cut);
            assertTrue(RawHttp.head(cut.response()).contains("Content-Type: application/problem+json"), "answer: " + cut);
        }
        assertEquals(5, backend.requestCount(), "a trickled body reached the upstream as if it were whole");
    }

    /** How a trickler's connection ended: after how long since its first byte, and what it read. */
    record Cut(long afterMillis, String response) {
    }

    /** A client that sends a prefix at once, then one byte every {@value #TRICKLE_EVERY_MILLIS} ms. */
    private final class Trickler {
        private final Socket socket;
        private final long startNanos = System.nanoTime();
        private final AtomicInteger sent = new AtomicInteger();
        private final ScheduledFuture<?> sending;
        private final CompletableFuture<Cut> cut;

        Trickler(String prefix, byte filler) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
            OutputStream out = socket.getOutputStream();
            out.write(prefix.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            sending = trickle.scheduleAtFixedRate(() -> {
                try {
                    if (sent.get() < TRICKLE_BYTES) {
                        out.write(filler);
                        out.flush();
                        sent.incrementAndGet();
                    }
                } catch (IOException closed) {
                    throw new IllegalStateException(closed); // ends this trickle
                }
            }, TRICKLE_EVERY_MILLIS, TRICKLE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
            cut = CompletableFuture.supplyAsync(this::readUntilClosed, readers);
        }

        int sent() {
            return sent.get();
        }

        /** Waits for the proxy to close the connection; fails if it has not within {@code max}. */
        Cut awaitCut(Duration max) throws Exception {
            try {
                return cut.get(max.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("still open after " + max + ", having sent " + sent() + " bytes");
            } finally {
                sending.cancel(false);
                socket.close();
            }
        }

        /** Reads until the proxy closes the connection, on a reader thread, noting when. */
        private Cut readUntilClosed() {
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(response);
            } catch (IOException reset) {
                // the proxy closed with unread bytes pending (a reset), or the test gave up and closed it
            }
            long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            return new Cut(after, response.toString(StandardCharsets.ISO_8859_1));
        }
    }
}

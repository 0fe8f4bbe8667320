package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.health.OutlierDetection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * Retrying requests with bodies: a 100 MiB POST whose first upstream refuses the connection
 * reaches the second one intact through a proxy with {@code -Xmx64m} (nothing was sent, so
 * nothing needs to be kept beyond the chunk in flight), and a POST that timed out after it was
 * sent is not retried, while a GET that timed out is.
 */
class LargeBodyFailoverTest extends ProxyIntegrationTest {

    private static final long SIZE = 100L * 1024 * 1024;

    @Test
    void a100MiBPostRefusedByTheFirstUpstreamReachesTheSecondIntactThroughA64MiBHeap() throws Exception {
        int refusing = closedPort();
        AtomicInteger uploads = new AtomicInteger();
        Server backend = new Server();
        ServerConnector connector = new ServerConnector(backend, 1, 1);
        connector.setHost("127.0.0.1");
        backend.addConnector(connector);
        backend.setHandler(new HashingHandler(uploads));
        backend.start();
        Path log = Files.createTempFile("forked-proxy", ".log");
        Process proxy = null;
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // round robin starts with the first upstream: the refusing one
            proxy = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                    "-cp", System.getProperty("java.class.path"), ForkedProxyMain.class.getName(),
                    "http://127.0.0.1:" + refusing, "http://127.0.0.1:" + connector.getLocalPort()))
                    .redirectError(log.toFile())
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "the forked proxy exited: " + Files.readString(log));
            assertTrue(line.startsWith("PORT="), line);
            int proxyPort = Integer.parseInt(line.substring(5));

            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            InputStream body = new DigestInputStream(new LargeBodyStreamingTest.PatternStream(SIZE), sent);
            ContentResponse response = client.POST("http://127.0.0.1:" + proxyPort + "/upload")
                    .body(new InputStreamRequestContent("application/octet-stream", body, 64 * 1024))
                    .timeout(120, TimeUnit.SECONDS)
                    .send();

            assertEquals(200, response.getStatus(), response.getContentAsString());
            assertEquals(SIZE + " " + HexFormat.of().formatHex(sent.digest()), response.getContentAsString(),
                    "bytes and SHA-256 the second upstream received");
            assertEquals(1, uploads.get(), "one upload reached the second upstream");
            assertTrue(proxy.isAlive(), "the forked proxy died: " + Files.readString(log));
            assertFalse(Files.readString(log).contains("OutOfMemoryError"), Files.readString(log));
            Path status = Path.of("/proc/" + proxy.pid() + "/status");
            if (Files.exists(status)) {
                Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM"))
                        .forEach(l -> System.out.println("100 MiB POST failed over; forked proxy (-Xmx64m) peak RSS "
                                + l.substring(6).trim()));
            }
        } finally {
            if (proxy != null) {
                proxy.getOutputStream().close();
                if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
                    proxy.destroyForcibly();
                }
            }
            backend.stop();
        }
    }

    @Test
    void aPostThatTimedOutAfterItWasSentIsNotRetried() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Backend silent = Backend.start(seen -> {
                awaitQuietly(release);
                return Backend.Reply.text(200, "too late");
            });
             Backend second = Backend.ok("second");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", timingOut(silent, second))) {
            byte[] body = "{\"order\":1}".getBytes(StandardCharsets.UTF_8);
            ContentResponse response = client.POST(proxy.uri("/api/orders")).body(new BytesRequestContent(body))
                    .timeout(10, TimeUnit.SECONDS).send();

            assertEquals(504, response.getStatus(), response.getContentAsString());
            assertEquals("{\"order\":1}", silent.take().bodyText(), "the first upstream got the whole POST");
            release.countDown();
            assertEquals(0, second.requestCount(), "the POST may have been applied: never sent twice");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aGetThatTimedOutIsRetriedOnTheOtherUpstream() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Backend silent = Backend.start(seen -> {
                awaitQuietly(release);
                return Backend.Reply.text(200, "too late");
            });
             Backend second = Backend.ok("second");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", timingOut(silent, second))) {
            ContentResponse response = client.newRequest(proxy.uri("/api/orders/1")).timeout(10, TimeUnit.SECONDS).send();

            assertEquals(200, response.getStatus(), response.getContentAsString());
            assertEquals("second", response.getContentAsString());
            assertEquals("/orders/1", silent.take().target());
            assertEquals("/orders/1", second.take().target());
        } finally {
            release.countDown();
        }
    }

    /** The silent upstream first (round robin starts there), a 300 ms response timeout. */
    private static ProxyConfig timingOut(Backend silent, Backend second) {
        return ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(silent.uri().toString()).upstream(second.uri().toString())
                        .outlierDetection(OutlierDetection.disabled()))
                .route("all", r -> r.responseTimeout(Duration.ofMillis(300)).to("g"))
                .build();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hashes the upload as it streams in and answers {@code <bytes> <sha-256>}. */
    private static final class HashingHandler extends Handler.Abstract {
        private final AtomicInteger uploads;

        HashingHandler(AtomicInteger uploads) {
            this.uploads = uploads;
        }

        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                              Callback callback) throws Exception {
            uploads.incrementAndGet();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long count = 0;
            try (InputStream in = Content.Source.asInputStream(request)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                    count += n;
                }
            }
            response.setStatus(200);
            Content.Sink.write(response, true, count + " " + HexFormat.of().formatHex(digest.digest()), callback);
            return true;
        }
    }
}

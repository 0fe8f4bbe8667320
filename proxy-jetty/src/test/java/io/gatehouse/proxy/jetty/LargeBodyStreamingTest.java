package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bodies stream through the proxy with bounded memory: a 200 MiB upload and a 200 MiB download
 * pass through a proxy running in a forked JVM with {@code -Xmx64m}, byte for byte (SHA-256).
 */
class LargeBodyStreamingTest {

    private static final long SIZE = 200L * 1024 * 1024;

    private static Server backend;
    private static ServerConnector backendConnector;
    private static Process proxy;
    private static int proxyPort;
    private static HttpClient client;
    private static Path proxyLog;

    @BeforeAll
    static void start() throws Exception {
        backend = new Server();
        backendConnector = new ServerConnector(backend, 1, 1);
        backendConnector.setHost("127.0.0.1");
        backend.addConnector(backendConnector);
        backend.setHandler(new StreamingHandler());
        backend.start();

        proxyLog = Files.createTempFile("forked-proxy", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        proxy = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), ForkedProxyMain.class.getName(),
                "http://127.0.0.1:" + backendConnector.getLocalPort()))
                .redirectError(proxyLog.toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertNotNull(line, "the forked proxy exited: " + Files.readString(proxyLog));
        assertTrue(line.startsWith("PORT="), line);
        proxyPort = Integer.parseInt(line.substring(5));

        client = new HttpClient();
        client.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.stop();
        }
        if (proxy != null) {
            proxy.getOutputStream().close();
            if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
                proxy.destroyForcibly();
            }
        }
        if (backend != null) {
            backend.stop();
        }
    }

    @Test
    void uploadOf200MiBStreamsThroughAProxyWith64MiBHeap() throws Exception {
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        InputStream body = new java.security.DigestInputStream(new PatternStream(SIZE), sent);
        ContentResponse response = client.POST("http://127.0.0.1:" + proxyPort + "/upload")
                .body(new InputStreamRequestContent("application/octet-stream", body, 64 * 1024))
                .timeout(120, TimeUnit.SECONDS)
                .send();
        assertEquals(200, response.getStatus(), response.getContentAsString());
        assertEquals(SIZE + " " + HexFormat.of().formatHex(sent.digest()), response.getContentAsString());
        assertProxyHealthy();
    }

    @Test
    void downloadOf200MiBStreamsThroughAProxyWith64MiBHeap() throws Exception {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        client.newRequest("http://127.0.0.1:" + proxyPort + "/download").timeout(120, TimeUnit.SECONDS).send(listener);
        Response response = listener.get(30, TimeUnit.SECONDS);
        assertEquals(200, response.getStatus());
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long count = 0;
        try (InputStream in = listener.getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.update(buffer, 0, n);
                count += n;
            }
        }
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (InputStream pattern = new PatternStream(SIZE)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = pattern.read(buffer)) >= 0; ) {
                expected.update(buffer, 0, n);
            }
        }
        assertEquals(SIZE, count);
        assertEquals(HexFormat.of().formatHex(expected.digest()), HexFormat.of().formatHex(received.digest()));
        assertProxyHealthy();
    }

    private static void assertProxyHealthy() throws IOException {
        assertTrue(proxy.isAlive(), "the forked proxy died: " + Files.readString(proxyLog));
        assertFalse(Files.readString(proxyLog).contains("OutOfMemoryError"), Files.readString(proxyLog));
        Path status = Path.of("/proc/" + proxy.pid() + "/status");
        if (Files.exists(status)) {
            Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM"))
                    .forEach(l -> System.out.println("forked proxy (-Xmx64m) peak RSS " + l.substring(6).trim()));
        }
    }

    /** The backend: {@code /upload} hashes what it receives; {@code /download} streams the pattern. */
    private static final class StreamingHandler extends Handler.Abstract {
        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                              Callback callback) throws Exception {
            if (request.getHttpURI().getPath().equals("/upload")) {
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
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "application/octet-stream");
            response.getHeaders().put("Content-Length", Long.toString(SIZE));
            try (InputStream pattern = new PatternStream(SIZE)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = pattern.read(buffer)) >= 0; ) {
                    try (Blocker.Callback written = Blocker.callback()) {
                        response.write(false, ByteBuffer.wrap(buffer, 0, n), written);
                        written.block();
                    }
                }
            }
            response.write(true, ByteBuffer.allocate(0), callback);
            return true;
        }
    }

    /** A deterministic, non-repeating-looking byte stream of a given length, generated on the fly. */
    static final class PatternStream extends InputStream {
        private final long size;
        private long position;

        PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            return byteAt(position++);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) byteAt(position++);
            }
            return n;
        }

        private static int byteAt(long p) {
            long x = p * 0x9E3779B97F4A7C15L;
            return (int) ((x >>> 56) ^ (p >>> 10)) & 0xFF;
        }
    }
}

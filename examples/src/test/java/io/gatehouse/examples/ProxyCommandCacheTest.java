package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gatehouse proxy --cache SIZE --gzip --purge-from CIDR}: caching, compression and PURGE from the command line. */
class ProxyCommandCacheTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String JSON = "{\"values\":[" + "\"compressible\",".repeat(100) + "\"end\"]}";

    private HttpServer origin;
    private final AtomicInteger requests = new AtomicInteger();

    /** An origin with a cacheable path, an uncacheable one, each counting the requests it sees. */
    @BeforeEach
    void startOrigin() throws Exception {
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = JSON.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control",
                    exchange.getRequestURI().getPath().startsWith("/live") ? "no-store" : "max-age=60");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
    }

    @AfterEach
    void stopOrigin() {
        origin.stop(0);
    }

    private EmbeddedServer proxy(String... options) throws Exception {
        ProxyCommand command = new ProxyCommand();
        String[] args = new String[options.length + 4];
        args[0] = "--listen";
        args[1] = "127.0.0.1:0";
        args[2] = "--to";
        args[3] = "http://127.0.0.1:" + origin.getAddress().getPort();
        System.arraycopy(options, 0, args, 4, options.length);
        new CommandLine(command).parseArgs(args);
        return command.start();
    }

    private static HttpResponse<byte[]> send(EmbeddedServer proxy, String method, String path, String acceptEncoding)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(proxy.uri() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void withCacheCacheableResponsesAreAnsweredFromMemory() throws Exception {
        try (EmbeddedServer proxy = proxy("--cache", "64m")) {
            HttpResponse<byte[]> miss = send(proxy, "GET", "/doc", null);
            HttpResponse<byte[]> hit = send(proxy, "GET", "/doc", null);
            assertEquals(JSON, new String(hit.body(), StandardCharsets.UTF_8));
            assertTrue(miss.headers().firstValue("Cache-Status").orElseThrow().contains("fwd=uri-miss; stored"));
            assertTrue(hit.headers().firstValue("Cache-Status").orElseThrow().startsWith("gatehouse; hit"));
            assertEquals(1, requests.get());

            send(proxy, "GET", "/live", null);
            send(proxy, "GET", "/live", null);
            assertEquals(3, requests.get(), "no-store responses always go to the origin");
        }
    }

    @Test
    void withoutCacheNothingIsCached() throws Exception {
        try (EmbeddedServer proxy = proxy()) {
            send(proxy, "GET", "/doc", null);
            HttpResponse<byte[]> second = send(proxy, "GET", "/doc", null);
            assertNull(second.headers().firstValue("Cache-Status").orElse(null));
            assertNull(second.headers().firstValue("Content-Encoding").orElse(null), "no --gzip, no compression");
            assertEquals(2, requests.get());
        }
    }

    @Test
    void withGzipMissesAndHitsAreCompressedForClientsThatAcceptIt() throws Exception {
        try (EmbeddedServer proxy = proxy("--cache", "64m", "--gzip")) {
            for (int i = 0; i < 2; i++) {
                HttpResponse<byte[]> gzip = send(proxy, "GET", "/doc", "gzip");
                assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElse(null));
                assertEquals("Accept-Encoding", gzip.headers().firstValue("Vary").orElse(null));
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
                    assertEquals(JSON, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            HttpResponse<byte[]> identity = send(proxy, "GET", "/doc", null);
            assertNull(identity.headers().firstValue("Content-Encoding").orElse(null));
            assertEquals(JSON, new String(identity.body(), StandardCharsets.UTF_8));
            assertEquals(1, requests.get());
        }
        try (EmbeddedServer proxy = proxy("--gzip")) {
            assertEquals("gzip", send(proxy, "GET", "/live", "gzip").headers().firstValue("Content-Encoding").orElse(null),
                    "--gzip alone compresses what streams through");
        }
    }

    @Test
    void purgeFromRemovesTheStoredResponse() throws Exception {
        try (EmbeddedServer proxy = proxy("--cache", "1m", "--purge-from", "127.0.0.1", "--purge-from", "::1")) {
            send(proxy, "GET", "/doc", null);
            assertEquals(200, send(proxy, "PURGE", "/doc", null).statusCode());
            assertEquals(404, send(proxy, "PURGE", "/doc", null).statusCode());
            send(proxy, "GET", "/doc", null);
            assertEquals(2, requests.get(), "fetched again after the purge");
        }
    }

    @Test
    void badCacheOptionsAreUsageErrors() {
        Run size = gatehouse("proxy", "--to", "http://127.0.0.1:9", "--cache", "64x");
        assertEquals(CommandLine.ExitCode.USAGE, size.exitCode);
        assertTrue(size.err.contains("'64x' (expected: a positive size such as 64m, 512k, 1g or a number of bytes)"), size.err);

        Run purge = gatehouse("proxy", "--to", "http://127.0.0.1:9", "--purge-from", "127.0.0.1");
        assertEquals(CommandLine.ExitCode.USAGE, purge.exitCode);
        assertTrue(purge.err.startsWith("--purge-from: needs a cache (expected: with --cache SIZE, e.g. --cache 64m)"), purge.err);

        Run range = gatehouse("proxy", "--to", "http://127.0.0.1:9", "--cache", "1m", "--purge-from", "10.0.0.0/99");
        assertEquals(CommandLine.ExitCode.USAGE, range.exitCode);
        assertTrue(range.err.startsWith("--purge-from: cidr: '10.0.0.0/99'"), range.err);
    }

    @Test
    void helpListsTheCacheOptions() {
        Run help = gatehouse("proxy", "--help");
        assertTrue(help.out.contains("--cache=SIZE"), help.out);
        assertTrue(help.out.contains("--gzip"), help.out);
        assertTrue(help.out.contains("--purge-from=CIDR"), help.out);
    }

    @Test
    void sizesAreReadInBinaryUnits() {
        assertEquals(64L << 20, ByteSize.parse("64m").bytes());
        assertEquals(64L << 20, ByteSize.parse("64MiB").bytes());
        assertEquals(512L << 10, ByteSize.parse("512k").bytes());
        assertEquals(1L << 30, ByteSize.parse("1G").bytes());
        assertEquals(1000, ByteSize.parse("1000").bytes());
        assertEquals("64 MiB", ByteSize.parse("64m").toString());
        for (String bad : new String[] {"0", "-1", "m", "", "1t", "1.5m", "99999999999g"}) {
            assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(bad), bad);
        }
    }

    /** What one run of the command line did. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run gatehouse(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}

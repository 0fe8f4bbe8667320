package io.gatehouse.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gatehouse proxy --redis URL}: two proxies on one Redis share the {@code --rate-limit}
 * budget and the {@code --cache}'s purges; a bad URL or nothing to share is a usage error. With
 * {@code --config FILE}, the file's {@code redis:} key or {@code --redis} beside it does the same
 * for the file's routes; both at once is refused.
 */
class ProxyCommandRedisTest {

    private static LocalRedis redis;
    private static HttpServer origin;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        // cacheable answers, so that there is something to purge
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/", exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "max-age=60");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        client = new HttpClient();
        client.start();
    }

    @AfterAll
    static void stop() throws Exception {
        client.stop();
        origin.stop(0);
        redis.close();
    }

    private static ProxyCommand parse(String... options) {
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--to", "http://127.0.0.1:" + origin.getAddress().getPort()));
        args.addAll(List.of(options));
        ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command;
    }

    /** A request as it comes through a load balancer: the same Host whichever instance gets it. */
    private static ContentResponse send(EmbeddedServer proxy, String method, String path) throws Exception {
        return client.newRequest(proxy.uri() + path).method(method).headers(h -> h.put("Host", "app.example"))
                .timeout(10, TimeUnit.SECONDS).send();
    }

    @Test
    void twoProxiesShareOneRateLimitBudget() throws Exception {
        try (EmbeddedServer a = parse("--rate-limit", "1/m", "--redis", redis.uri()).start();
             EmbeddedServer b = parse("--rate-limit", "1/m", "--redis", redis.uri()).start()) {
            assertEquals(200, send(a, "GET", "/x").getStatus());
            assertEquals(429, send(b, "GET", "/x").getStatus(), "the minute's one request was made through a");
        }
    }

    @Test
    void aPurgeThroughOneProxyReachesTheOther() throws Exception {
        String[] options = {"--cache", "1m", "--purge-from", "127.0.0.1", "--redis", redis.uri()};
        try (EmbeddedServer a = parse(options).start(); EmbeddedServer b = parse(options).start()) {
            for (EmbeddedServer proxy : List.of(a, b)) {
                send(proxy, "GET", "/doc");
                assertTrue(send(proxy, "GET", "/doc").getHeaders().get("Cache-Status").contains("hit"));
            }
            assertEquals(200, send(a, "PURGE", "/doc").getStatus());
            await("b stops serving what a purged").atMost(Duration.ofSeconds(5))
                    .until(() -> !send(b, "GET", "/doc").getHeaders().get("Cache-Status").contains("hit"));
        }
    }

    @Test
    void aBadUrlOrNothingToShareIsAUsageError() {
        CommandLine.ParameterException bad = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--rate-limit", "10", "--redis", "localhost:6379").config());
        assertEquals("--redis: not a Redis URI (expected: redis://host:port, e.g. redis://127.0.0.1:6379,"
                + " or rediss://host:port for TLS)", bad.getMessage());
        CommandLine.ParameterException alone = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--redis", redis.uri()).config());
        assertEquals("--redis: shares nothing on its own (expected: with --rate-limit, --cache or both)", alone.getMessage());
    }

    // --config FILE with Redis: the file's redis: section, or --redis beside --config

    private static Path file(Path dir, String name, String redisSection, String route) throws Exception {
        return Files.writeString(dir.resolve(name), redisSection
                + "groups: {app: {upstreams: [http://127.0.0.1:" + origin.getAddress().getPort() + "]}}\n"
                + "routes:\n  - " + route + "\n");
    }

    private static ProxyCommand parseConfig(Path config, String... options) {
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--config", config.toString()));
        args.addAll(List.of(options));
        ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command;
    }

    @Test
    void theFilesRedisKeySharesTheRateLimitOfItsRoutes(@TempDir Path dir) throws Exception {
        Path config = file(dir, "a.yaml", "redis: {url: \"" + redis.uri() + "\", commandTimeout: 200ms, keyPrefix: \"file-key:\"}\n",
                "{id: limited, pathPrefix: /, to: app, rateLimits: [{rate: 1/m}]}");
        try (EmbeddedServer a = parseConfig(config).start(); EmbeddedServer b = parseConfig(config).start()) {
            assertEquals(200, send(a, "GET", "/x").getStatus());
            assertEquals(429, send(b, "GET", "/x").getStatus(), "the minute's one request was made through a");
        }
    }

    @Test
    void redisOnTheCommandLineServesAFileWithoutTheKey(@TempDir Path dir) throws Exception {
        Path config = file(dir, "b.yaml", "", "{id: cached, pathPrefix: /, to: app, cache: rfc9111}\n"
                + "cache: {maximumSize: 1MiB, purge: {allowFrom: [127.0.0.1/32]}}");
        try (EmbeddedServer a = parseConfig(config, "--redis", redis.uri()).start();
             EmbeddedServer b = parseConfig(config, "--redis", redis.uri()).start()) {
            for (EmbeddedServer proxy : List.of(a, b)) {
                send(proxy, "GET", "/doc");
                assertTrue(send(proxy, "GET", "/doc").getHeaders().get("Cache-Status").contains("hit"));
            }
            assertEquals(200, send(a, "PURGE", "/doc").getStatus());
            await("b stops serving what a purged").atMost(Duration.ofSeconds(5))
                    .until(() -> !send(b, "GET", "/doc").getHeaders().get("Cache-Status").contains("hit"));
        }
    }

    @Test
    void redisInTheFileAndOnTheCommandLineIsRefused(@TempDir Path dir) throws Exception {
        Path config = file(dir, "c.yaml", "redis: {url: \"" + redis.uri() + "\"}\n", "{id: r, pathPrefix: /, to: app}");
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parseConfig(config, "--redis", redis.uri()).start().close());
        assertTrue(e.getMessage().contains(config + ":1:8: redis: given here and on the command line (--redis); keep one"),
                e.getMessage());
        CommandLine.ParameterException bad = assertThrows(CommandLine.ParameterException.class,
                () -> parseConfig(config, "--redis", "localhost:6379").start().close());
        assertTrue(bad.getMessage().startsWith("--redis: not a Redis URI"), bad.getMessage());
    }
}

package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gatehouse proxy --config FILE}: each example file of examples/config, its upstreams
 * pointed at demo backends, serves its use case through a real proxy; route options beside
 * {@code --config} and a bad file are usage errors.
 */
class ProxyCommandConfigTest {

    private static final Path EXAMPLES = Path.of("config");
    private static final List<DemoBackend> BACKENDS = new ArrayList<>();
    private static HttpClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        for (int i = 1; i <= 5; i++) {
            BACKENDS.add(DemoBackend.start(String.valueOf(i)));
        }
        client = new HttpClient();
        client.setFollowRedirects(false);
        client.start();
    }

    @AfterAll
    static void stop() throws Exception {
        client.stop();
        BACKENDS.forEach(DemoBackend::close);
    }

    /** The example file with 127.0.0.1:900N replaced by demo backend N. */
    private Path example(String name) throws IOException {
        String text = Files.readString(EXAMPLES.resolve(name));
        for (int i = 1; i <= 5; i++) {
            text = text.replace("127.0.0.1:900" + i, BACKENDS.get(i - 1).uri().getAuthority());
        }
        return Files.writeString(dir.resolve(name), text);
    }

    private static EmbeddedServer proxy(Path file) throws Exception {
        ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs("--listen", "127.0.0.1:0", "--config", file.toString());
        return command.start();
    }

    private static ContentResponse get(EmbeddedServer proxy, String path, String... headers) throws Exception {
        Request request = client.newRequest(proxy.uri().resolve(path));
        for (int i = 0; i < headers.length; i += 2) {
            String name = headers[i];
            String value = headers[i + 1];
            request.headers(h -> h.put(name, value));
        }
        return request.send();
    }

    private static Echo echo(EmbeddedServer proxy, String path, String... headers) throws Exception {
        ContentResponse response = get(proxy, path, headers);
        assertEquals(200, response.getStatus(), path + ": " + response.getContentAsString());
        return Echo.parse(response.getContentAsString());
    }

    @Test
    void microservices() throws Exception {
        try (EmbeddedServer proxy = proxy(example("microservices.yaml"))) {
            Echo users = echo(proxy, "/users/7");
            assertTrue(Set.of("1", "2").contains(users.backend()), users.toString());
            assertEquals("/7", users.path(), "stripPrefix");
            assertEquals(new Echo("3", "GET", "/orders/9", null), echo(proxy, "/orders/9"));
            Echo product = echo(proxy, "/products/42");
            assertEquals("/catalog/v2/items/42", product.path());
            assertEquals(404, get(proxy, "/elsewhere").getStatus());
        }
    }

    @Test
    void canary() throws Exception {
        try (EmbeddedServer proxy = proxy(example("canary.yaml"))) {
            // backends 1 and 2 are the stable group, 3 the canary: one uid stays on one side
            for (String uid : List.of("alice", "bob", "carol")) {
                boolean canary = echo(proxy, "/", HttpHeader.COOKIE.asString(), "uid=" + uid).backend().equals("3");
                for (int i = 0; i < 4; i++) {
                    assertEquals(canary, echo(proxy, "/", HttpHeader.COOKIE.asString(), "uid=" + uid).backend().equals("3"),
                            "sticky by uid " + uid);
                }
            }
        }
    }

    @Test
    void abTest() throws Exception {
        try (EmbeddedServer proxy = proxy(example("ab-test.yaml"))) {
            assertEquals("1", echo(proxy, "/cart").backend());
            assertEquals("2", echo(proxy, "/cart", HttpHeader.COOKIE.asString(), "ab=b").backend());
            assertEquals("2", echo(proxy, "/cart", "X-Variant", "b").backend());
        }
    }

    @Test
    void multiTenant() throws Exception {
        try (EmbeddedServer proxy = proxy(example("multi-tenant.yaml"))) {
            assertEquals("1", echo(proxy, "/", "Host", "acme.example.com").backend());
            assertEquals("2", echo(proxy, "/", "Host", "www.globex.example.com").backend());
            assertTrue(Set.of("3", "4").contains(echo(proxy, "/", "Host", "initech.example.com").backend()));
            assertEquals(404, get(proxy, "/", "Host", "example.net").getStatus());
        }
    }

    @Test
    void apiGateway() throws Exception {
        try (EmbeddedServer proxy = proxy(example("api-gateway.yaml"))) {
            assertEquals(401, get(proxy, "/v1/things").getStatus());
            assertEquals(401, get(proxy, "/v1/things", "X-API-Key", "wrong").getStatus());
            ContentResponse ok = get(proxy, "/v1/things", "X-API-Key", "demo-key-1");
            assertEquals(200, ok.getStatus());
            assertTrue(ok.getHeaders().contains("RateLimit-Policy") || ok.getHeaders().contains("RateLimit"), ok.getHeaders().toString());
            assertEquals(200, get(proxy, "/status").getStatus());
        }
    }

    @Test
    void cdnCache() throws Exception {
        try (EmbeddedServer proxy = proxy(example("cdn-cache.yaml"))) {
            ContentResponse response = get(proxy, "/static/site.css");
            assertEquals(200, response.getStatus());
            assertTrue(response.getHeaders().contains("Cache-Status"), response.getHeaders().toString());
        }
    }

    @Test
    void routeOptionsBesideConfigAreAUsageError() throws Exception {
        Path file = example("canary.yaml");
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err))
                .execute("proxy", "--listen", "127.0.0.1:0", "--config", file.toString(), "--to", "http://127.0.0.1:1", "--gzip");
        assertEquals(2, exit);
        assertTrue(err.toString().startsWith("--config and --to, --gzip: choose one (expected: the routes in the file,"
                + " or the one-route options without --config)"), err.toString());
    }

    @Test
    void invalidFileIsAUsageErrorNamingLineAndField() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"),
                "groups: {a: {upstreams: [http://127.0.0.1:1]}}\nroutes:\n  - id: r\n    to: a\n    timeout: 5s\n");
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("proxy", "--config", file.toString());
        assertEquals(2, exit);
        assertTrue(err.toString().startsWith("--config: Invalid proxy configuration: " + file
                + ":5:5: routes[0].timeout: unknown key; did you mean 'connectTimeout', 'responseTimeout'"
                + " or 'idleTimeout'?"), err.toString());
    }

    @Test
    void neitherToNorConfigIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("proxy", "--listen", "127.0.0.1:0");
        assertEquals(2, exit);
        assertTrue(err.toString().startsWith("Missing --to URL or --config FILE"), err.toString());
    }

    @Test
    void discoveredUpstreamsChangeWithoutTouchingRoutes() throws Exception {
        Path config = Files.writeString(dir.resolve("gatehouse.yaml"),
                "groups:\n  app: {discovered: true}\nroutes:\n  - {id: app, pathPrefix: /, to: app}\n");
        Path sets = Files.writeString(dir.resolve("upstreams.yaml"), "app: [" + BACKENDS.get(0).uri() + "]\n");
        ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs("--listen", "127.0.0.1:0", "--config", config.toString(),
                "--discovery", sets.toString());
        try (EmbeddedServer proxy = command.start()) {
            assertEquals("1", echo(proxy, "/x").backend());
            Files.writeString(sets, "app: [" + BACKENDS.get(1).uri() + "]\n");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> echo(proxy, "/x").backend().equals("2"));
            Files.writeString(sets, "app: []\n"); // refused (FileServiceDiscoveryTest): backend 2 keeps serving
            assertEquals("2", echo(proxy, "/y").backend());
            Files.writeString(sets, "app: [" + BACKENDS.get(2).uri() + "]\n");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> echo(proxy, "/x").backend().equals("3"));
            assertEquals(List.of("app"), command.servlet.config().routes().stream().map(r -> r.id()).toList());
        }
    }
}

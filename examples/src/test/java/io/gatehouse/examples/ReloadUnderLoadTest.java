package io.gatehouse.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.health.UpstreamState;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 14's proof of reload: requests from several threads go through a real proxy started by
 * {@code gatehouse proxy --config FILE} to real backends while the file changes 100 times
 * (valid variants, some invalid ones, written in place or renamed over it as editors do): not
 * one request fails, each valid version is applied, each invalid one refused while the last good
 * one keeps serving, and an upstream present in every version keeps its runtime state.
 */
class ReloadUnderLoadTest {

    private static final int CHANGES = 100;
    private static final int THREADS = 4;

    @TempDir
    Path dir;

    private static String variant(int change, String a, String b, String c) {
        String header = "# change " + change + "\n";
        return switch (change % 5) {
            case 0 -> header + "groups:\n  app:\n    upstreams: [" + a + ", " + b + "]\n"
                    + "routes:\n  - {id: app, pathPrefix: /, to: app}\n";
            case 1 -> header + "via: reloaded\ngroups:\n  app:\n    upstreams:\n      - " + a + "\n      - {uri: \"" + c
                    + "\", weight: 2}\n    loadBalancer: weighted-round-robin\n  extra:\n    upstreams: [" + b + "]\n"
                    + "routes:\n  - {id: app, pathPrefix: /, to: app, retry: {maxAttempts: 3}}\n"
                    + "  - {id: extra, pathPrefix: /extra, to: extra}\n";
            case 2 -> header + "groups:\n  app:\n    upstreams: [" + a + "]\n    colour: blue\n" // unknown key
                    + "routes:\n  - {id: app, pathPrefix: /, to: app}\n";
            case 3 -> header + "groups:\n  app:\n    upstreams: [" + a + ", " + b + ", " + c + "]\n    loadBalancer: least-requests\n"
                    + "routes:\n  - id: app\n    pathPrefix: /\n    to: app\n    split: {header: X-Beta, when: {yes: beta}}\n"
                    + "  - {id: beta-route, pathPrefix: /beta, to: app}\n"; // the split names a group that is not declared
            default -> header + "groups:\n  app:\n    upstreams: [" + a + ", " + c + "]\n"
                    + "routes:\n  - {id: app, pathPrefix: /, to: app, responseTimeout: 10s\n"; // YAML syntax error
        };
    }

    private static boolean valid(int change) {
        return change % 5 < 2;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void hundredChangesUnderLoadFailNoRequest() throws Exception {
        try (DemoBackend a = DemoBackend.start("a"); DemoBackend b = DemoBackend.start("b"); DemoBackend c = DemoBackend.start("c")) {
            String ua = a.uri().toString();
            String ub = b.uri().toString();
            String uc = c.uri().toString();
            Path file = Files.writeString(dir.resolve("gatehouse.yaml"), variant(0, ua, ub, uc));
            ProxyCommand command = new ProxyCommand();
            new CommandLine(command).parseArgs("--listen", "127.0.0.1:0", "--config", file.toString());
            try (EmbeddedServer proxy = command.start()) {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build();
                URI target = proxy.uri().resolve("/item");
                // warm up, so that upstream a has a latency sample and a state to keep
                for (int i = 0; i < 10; i++) {
                    assertEquals(200, client.send(HttpRequest.newBuilder(target).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
                }
                UpstreamState stateOfA = state(command, a);
                assertNotNull(stateOfA);

                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong ok = new AtomicLong();
                Queue failures = new Queue();
                Map<String, Boolean> backendsSeen = new ConcurrentHashMap<>();
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    Thread thread = new Thread(() -> {
                        while (running.get()) {
                            try {
                                HttpResponse<String> response = client.send(HttpRequest.newBuilder(target)
                                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                                if (response.statusCode() == 200) {
                                    ok.incrementAndGet();
                                    backendsSeen.put(Echo.parse(response.body()).backend(), true);
                                } else {
                                    failures.add("status " + response.statusCode() + ": " + response.body());
                                }
                            } catch (Exception e) {
                                failures.add(e.toString());
                            }
                        }
                    }, "load-" + t);
                    threads.add(thread);
                    thread.start();
                }

                int applied = 0;
                int refused = 0;
                try {
                    for (int change = 1; change <= CHANGES; change++) {
                        String text = variant(change, ua, ub, uc);
                        if (change % 2 == 0) {
                            Files.writeString(file, text); // in place, as most editors and 'echo >' do
                        } else {
                            Path next = Files.writeString(dir.resolve(".gatehouse.yaml.tmp"), text);
                            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        }
                        String version = sha256(text);
                        long before = ok.get();
                        await().atMost(Duration.ofSeconds(30)).until(() -> version.equals(command.watcher.status().version()));
                        if (valid(change)) {
                            applied++;
                            assertNull(command.watcher.status().lastError(), "change " + change);
                            assertEquals(change % 5 == 1 ? "reloaded" : "gatehouse", command.servlet.config().via(), "change " + change);
                        } else {
                            refused++;
                            assertNotNull(command.watcher.status().lastError(), "change " + change);
                            assertTrue(command.watcher.status().lastError().contains(file.toString() + ":"),
                                    command.watcher.status().lastError());
                        }
                        // requests keep flowing between two changes
                        await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() > before);
                    }
                } finally {
                    running.set(false);
                    for (Thread thread : threads) {
                        thread.join(60_000);
                    }
                }

                System.out.printf("reload under load: %d requests from %d threads, %d changes (%d applied, %d refused), %d failed%n",
                        ok.get(), THREADS, CHANGES, applied, refused, failures.list().size());
                assertEquals(List.of(), failures.list(), "failed requests");
                assertEquals(40, applied);
                assertEquals(60, refused);
                assertTrue(command.watcher.status().applied() >= applied, command.watcher.status().toString());
                assertTrue(ok.get() >= CHANGES, "requests served: " + ok.get());
                assertEquals(Set.of("a", "b", "c"), backendsSeen.keySet(), "every valid version served");
                assertTrue(state(command, a) == stateOfA, "upstream a kept its runtime state through " + CHANGES + " changes");
                assertTrue(stateOfA.latencySampled());
            }
        }
    }

    @Test
    void aRequestUnderWayFinishesOnTheConfigurationItStartedWith() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServlet held = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                arrived.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                response.getWriter().print("held");
            }
        };
        try (DemoBackend a = DemoBackend.start("a");
             EmbeddedServer slow = EmbeddedServer.start("127.0.0.1", 0, context -> context.addServlet(new ServletHolder(held), "/*"))) {
            String before = "groups:\n  app: {upstreams: [" + a.uri() + "]}\n  slow: {upstreams: [" + slow.uri() + "]}\n"
                    + "routes:\n  - {id: slow, pathPrefix: /slow, to: slow}\n  - {id: app, pathPrefix: /, to: app}\n";
            String after = "groups:\n  app: {upstreams: [" + a.uri() + "]}\nroutes:\n  - {id: app, pathPrefix: /, to: app}\n";
            Path file = Files.writeString(dir.resolve("gatehouse.yaml"), before);
            ProxyCommand command = new ProxyCommand();
            new CommandLine(command).parseArgs("--listen", "127.0.0.1:0", "--config", file.toString());
            try (EmbeddedServer proxy = command.start()) {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                CompletableFuture<HttpResponse<String>> underWay = client.sendAsync(
                        HttpRequest.newBuilder(proxy.uri().resolve("/slow/x")).build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(arrived.await(30, TimeUnit.SECONDS), "the request reached the slow backend");

                Files.writeString(file, after);
                String version = sha256(after);
                await().atMost(Duration.ofSeconds(30)).until(() -> version.equals(command.watcher.status().version()));
                assertEquals("a", Http.echo(proxy.uri(), "/slow/x").backend(), "new requests see the new configuration");

                release.countDown();
                HttpResponse<String> response = underWay.get(30, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode());
                assertEquals("held", response.body(), "the request under way finished on its configuration");
            }
        }
    }

    /** The runtime state of a backend in group "app" of the configuration in force. */
    private static UpstreamState state(ProxyCommand command, DemoBackend backend) {
        String origin = "http://127.0.0.1:" + backend.uri().getPort();
        for (UpstreamState state : command.servlet.engine().upstreams().group("app").members()) {
            if (state.upstreamId().startsWith(origin)) {
                return state;
            }
        }
        return null;
    }

    /** Failures seen by the load threads. */
    private static final class Queue {
        private final ConcurrentLinkedQueue<String> items = new ConcurrentLinkedQueue<>();

        void add(String failure) {
            items.add(failure);
        }

        List<String> list() {
            return List.copyOf(items);
        }
    }
}

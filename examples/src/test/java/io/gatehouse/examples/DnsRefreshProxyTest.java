package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.config.ConfigFileReader;
import io.gatehouse.proxy.config.ConfigWatcher;
import io.gatehouse.proxy.dns.HostResolver;
import io.gatehouse.proxy.dns.ResolvedNames;
import io.gatehouse.proxy.jetty.ProxyMount;
import io.gatehouse.proxy.jetty.ProxyServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, DNS re-resolution through a real proxy (ADR 0019): a group's upstream is a host name
 * that a fake resolver answers first with one loopback backend's address, then with two, then
 * with the other one only. Requests go to one, then spread over both, then go to the other only,
 * while a request under way on the address that left finishes normally (it drains).
 *
 * <p>The two backends listen on the same port of 127.0.0.1 and 127.0.0.2 (both loopback on
 * Linux), since an address replaces only the host of {@code http://app.internal:PORT}.
 */
class DnsRefreshProxyTest {

    @TempDir
    Path dir;

    private final AtomicReference<List<InetAddress>> answer = new AtomicReference<>();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    /** Answers its name, except that backend "one" holds {@code /hold} until released. */
    private static final class Named extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String name;
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Named(String name) {
            this.name = name;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (name.equals("one") && request.getRequestURI().equals("/hold")) {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            response.getWriter().print(name);
        }
    }

    private void resolvesTo(String... addresses) throws UnknownHostException {
        InetAddress[] list = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            list[i] = InetAddress.getByName(addresses[i]);
        }
        answer.set(List.of(list));
    }

    @Test
    void newAddressesJoinAndGoneOnesDrain() throws Exception {
        Named one = new Named("one");
        Named two = new Named("two");
        EmbeddedServer backendOne = null;
        EmbeddedServer backendTwo = null;
        for (int tries = 0; backendTwo == null; tries++) { // the same port on both addresses: retry if 127.0.0.2's is taken
            backendOne = EmbeddedServer.start("127.0.0.1", 0, c -> c.addServlet(new ServletHolder(one), "/*"));
            try {
                int port = backendOne.port();
                backendTwo = EmbeddedServer.start("127.0.0.2", port, c -> c.addServlet(new ServletHolder(two), "/*"));
            } catch (IOException e) {
                backendOne.close();
                if (tries == 5) {
                    throw e;
                }
            }
        }
        HostResolver dns = host -> {
            if (!host.equals("app.internal")) {
                throw new UnknownHostException(host);
            }
            return answer.get();
        };
        resolvesTo("127.0.0.1");
        Path file = Files.writeString(dir.resolve("gatehouse.yaml"), "groups:\n  app:\n    dnsRefresh: 5s\n    loadBalancer: round-robin\n"
                + "    upstreams: [http://app.internal:" + backendOne.port() + "]\nroutes: [{id: app, pathPrefix: /, to: app}]\n");
        ConfigFileReader reader = ConfigFileReader.builder().names(new ResolvedNames(dns, nanos::get)).build();
        try (EmbeddedServer b1 = backendOne; EmbeddedServer b2 = backendTwo;
             ConfigWatcher watcher = ConfigWatcher.open(file, reader, ConfigWatcher.DEFAULT_DEBOUNCE)) {
            ProxyServlet[] servlet = new ProxyServlet[1];
            try (EmbeddedServer proxy = EmbeddedServer.start("127.0.0.1", 0,
                    c -> servlet[0] = ProxyMount.at(c, "/", watcher.config()))) {
                watcher.start(servlet[0]::update);
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI base = proxy.uri();

                assertEquals(Map.of("one", 20), spread(client, base, 20));

                resolvesTo("127.0.0.1", "127.0.0.2");
                nanos.addAndGet(Duration.ofSeconds(5).toNanos());
                assertTrue(watcher.refreshNames());
                Map<String, Integer> both = spread(client, base, 40);
                assertEquals(2, both.size(), "requests spread over both addresses: " + both);
                assertEquals(Map.of("one", 20, "two", 20), both, "round robin over both");

                // a request under way on "one" (backend two answers /hold at once, so a few tries land one there)
                CompletableFuture<HttpResponse<String>> heldRequest = null;
                for (int i = 0; i < 10 && one.held.getCount() > 0; i++) {
                    CompletableFuture<HttpResponse<String>> sent = client.sendAsync(
                            HttpRequest.newBuilder(base.resolve("/hold")).build(), HttpResponse.BodyHandlers.ofString());
                    CompletableFuture.anyOf(sent, CompletableFuture.runAsync(() -> await(one.held))).get(30, TimeUnit.SECONDS);
                    heldRequest = sent;
                }
                assertEquals(0, one.held.getCount(), "a request is held on backend one");

                resolvesTo("127.0.0.2");
                nanos.addAndGet(Duration.ofSeconds(5).toNanos());
                assertTrue(watcher.refreshNames());
                assertEquals(Map.of("two", 20), spread(client, base, 20), "the gone address gets no new request");

                one.release.countDown();
                HttpResponse<String> drained = heldRequest.get(30, TimeUnit.SECONDS);
                assertEquals(200, drained.statusCode());
                assertEquals("one", drained.body(), "the request under way on the gone address finished");
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Integer> spread(HttpClient client, URI base, int requests) throws Exception {
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/item")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            seen.merge(response.body(), 1, Integer::sum);
        }
        return seen;
    }
}

package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.junit.jupiter.api.Test;

/**
 * Errors the proxy makes itself are RFC 9457 problem details and never name an upstream: no
 * route (404), connection refused (502), and the route's connect, response and idle timeouts.
 */
class ProxyErrorsTest extends ProxyIntegrationTest {

    @Test
    void noRouteIs404Problem() throws Exception {
        try (Backend backend = Backend.ok("ok");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("users", r -> r.pathPrefix("/users").to("g"))
                     .build())) {
            ContentResponse response = client.GET(proxy.uri("/api/orders/1"));
            assertProblem(response, 404, "Not Found", backend.port());
            assertEquals(0, backend.requestCount());
        }
    }

    @Test
    void refusedConnectionIs502ProblemWithoutTheUpstreamAddress() throws Exception {
        int closedPort = closedPort();
        try (ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream("http://127.0.0.1:" + closedPort))
                .route("all", r -> r.to("g"))
                .build())) {
            ContentResponse response = client.GET(proxy.uri("/api/x"));
            assertProblem(response, 502, "Bad Gateway", closedPort);
        }
    }

    @Test
    void slowResponseIs504AfterTheResponseTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Backend backend = Backend.start(seen -> {
                awaitQuietly(release);
                return Backend.Reply.text(200, "late");
            });
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("all", r -> r.responseTimeout(Duration.ofMillis(300)).to("g"))
                     .build())) {
            ContentResponse response = client.GET(proxy.uri("/api/slow"));
            assertProblem(response, 504, "Gateway Timeout", backend.port());
            assertTrue(response.getContentAsString().contains("did not answer in time"), response.getContentAsString());
        } finally {
            release.countDown();
        }
    }

    @Test
    void waitingLongerThanTheConnectTimeoutForAConnectionIs504() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstArrived = new CountDownLatch(1);
        try (Backend backend = Backend.start(seen -> {
                firstArrived.countDown();
                awaitQuietly(release);
                return Backend.Reply.text(200, "first");
            });
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .maxConnectionsPerUpstream(1)
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("all", r -> r.connectTimeout(Duration.ofMillis(300)).to("g"))
                     .build())) {
            CompletableResponseListener first = new CompletableResponseListener(client.newRequest(proxy.uri("/api/first")));
            var firstResponse = first.send();
            assertTrue(firstArrived.await(5, TimeUnit.SECONDS));
            // The only connection to the upstream is busy: the second request waits for one and gives up.
            ContentResponse second = client.GET(proxy.uri("/api/second"));
            assertProblem(second, 504, "Gateway Timeout", backend.port());
            assertTrue(second.getContentAsString().contains("could not be reached in time"), second.getContentAsString());
            release.countDown();
            assertEquals("first", firstResponse.get(5, TimeUnit.SECONDS).getContentAsString());
            assertEquals(1, backend.requestCount());
        } finally {
            release.countDown();
        }
    }

    @Test
    void upstreamSilentAfterItsHeadersIs504AfterTheIdleTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StallingBackend backend = new StallingBackend(release, false);
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri()))
                     .route("all", r -> r.idleTimeout(Duration.ofMillis(300)).to("g"))
                     .build())) {
            ContentResponse response = client.GET(proxy.uri("/api/stall"));
            assertProblem(response, 504, "Gateway Timeout", backend.port());
        } finally {
            release.countDown();
        }
    }

    @Test
    void upstreamSilentInTheMiddleOfTheBodyAbortsTheClientResponse() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StallingBackend backend = new StallingBackend(release, true);
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri()))
                     .route("all", r -> r.idleTimeout(Duration.ofMillis(300)).to("g"))
                     .build())) {
            Request request = client.newRequest(proxy.uri("/api/stall")).timeout(10, TimeUnit.SECONDS);
            // The response was under way: it must not look complete to the client.
            ExecutionException failure = assertThrows(ExecutionException.class, request::send);
            assertFalse(failure.getCause() instanceof java.util.concurrent.TimeoutException, failure.toString());
        } finally {
            release.countDown();
        }
    }

    static void assertProblem(ContentResponse response, int status, String title, int hiddenPort) {
        assertEquals(status, response.getStatus());
        assertEquals("application/problem+json", response.getMediaType());
        String body = response.getContentAsString();
        assertTrue(body.contains("\"status\":" + status), body);
        assertTrue(body.contains("\"title\":\"" + title + "\""), body);
        assertFalse(body.contains(String.valueOf(hiddenPort)), "the problem names the upstream port: " + body);
        assertFalse(body.contains("127.0.0.1"), "the problem names an address: " + body);
        assertFalse(body.contains("Exception"), "the problem leaks an exception: " + body);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends its headers (and, if asked, part of the body) and then falls silent until released. */
    private static final class StallingBackend implements AutoCloseable {
        private final Server server = new Server();
        private final ServerConnector connector = new ServerConnector(server, 1, 1);

        StallingBackend(CountDownLatch release, boolean partialBody) throws Exception {
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                      Callback callback) throws Exception {
                    response.setStatus(200);
                    response.getHeaders().put("Content-Length", "100000");
                    FutureCallback flushed = new FutureCallback();
                    response.write(false, partialBody ? ByteBuffer.wrap(new byte[20_000]) : ByteBuffer.allocate(0), flushed);
                    flushed.get(5, TimeUnit.SECONDS);
                    awaitQuietly(release);
                    callback.failed(new IOException("released"));
                    return true;
                }
            });
            server.start();
        }

        String uri() {
            return "http://127.0.0.1:" + port();
        }

        int port() {
            return connector.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }
}

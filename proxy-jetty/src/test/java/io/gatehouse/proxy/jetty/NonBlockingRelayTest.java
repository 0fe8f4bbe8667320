package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.proxy.ProxyConfig;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.util.thread.Invocable;
import org.junit.jupiter.api.Test;

/**
 * The upstream client relays responses on its selector threads (ADR 0007), so nothing it runs
 * may wait on a client: clients that ask for large responses and never read them hold their
 * exchanges under back-pressure, and every other client is still served, by the same upstream
 * client and the same upstream. A listener that blocked on a client's socket would stall a
 * selector, and with more stalled clients than selectors, everyone.
 */
class NonBlockingRelayTest extends ProxyIntegrationTest {

    /** Far more than loopback socket buffers absorb, so the proxy's writes to a non-reader stall. */
    private static final byte[] LARGE = new byte[32 * 1024 * 1024];
    private static final int NON_READERS = 8;

    @Test
    void clientsThatStopReadingDoNotStallTheOthers() throws Exception {
        try (Backend backend = Backend.start(seen -> seen.target().startsWith("/large")
                ? new Backend.Reply(200, java.util.Map.of("Content-Type", "application/octet-stream"), LARGE)
                : Backend.Reply.text(200, "small " + seen.target()));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            assertEquals(Invocable.InvocationType.NON_BLOCKING,
                    proxy.servlet().upstreamClient().getHttpClientTransport().getInvocationType());
            List<Socket> nonReaders = new ArrayList<>();
            try {
                for (int i = 0; i < NON_READERS; i++) {
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
                    socket.setReceiveBufferSize(4096);
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET /api/large/" + i + " HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    nonReaders.add(socket);
                }
                // Every large request reached the upstream, so each exchange is relaying (and stalled).
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> backend.requestCount() >= NON_READERS);

                // A stalled selector never answers; a busy machine answers late (5 s was exceeded once
                // at a load average of 30): the deadline tells the two apart.
                for (int i = 0; i < 20; i++) {
                    ContentResponse response = client.newRequest(proxy.uri("/api/small/" + i))
                            .timeout(30, TimeUnit.SECONDS).send();
                    assertEquals(200, response.getStatus());
                    assertEquals("small /small/" + i, response.getContentAsString());
                }
            } finally {
                for (Socket socket : nonReaders) {
                    socket.close();
                }
            }
        }
    }
}

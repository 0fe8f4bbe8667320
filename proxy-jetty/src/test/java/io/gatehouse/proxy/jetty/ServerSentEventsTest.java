package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;

/**
 * Server-sent events through the proxy (issue 12): each event reaches the client as the upstream
 * sends it, not when the stream ends or a buffer fills. The upstream sends an event only when the
 * test asks, so the client reading the first event before the second exists shows no buffering.
 */
class ServerSentEventsTest {

    /** Time from the upstream's flush of an event to the client reading it, at most (issue 12). */
    private static final long MAX_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    @Test
    void eachEventReachesTheClientAsTheUpstreamSendsIt() throws Exception {
        BlockingQueue<String> toSend = new LinkedBlockingQueue<>();
        BlockingQueue<Long> flushedAt = new LinkedBlockingQueue<>();
        ServletContextHandler upstream = new ServletContextHandler("/");
        upstream.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/event-stream");
                resp.setHeader("Cache-Control", "no-cache");
                resp.flushBuffer();
                ServletOutputStream out = resp.getOutputStream();
                try {
                    for (String event; !(event = toSend.take()).equals("end"); ) {
                        out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        flushedAt.add(System.nanoTime());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }), "/*");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        BlockingQueue<Long> receivedAt = new LinkedBlockingQueue<>();
        HttpClient client = new HttpClient();
        client.start();
        try (Http2Backend backend = Http2Backend.http11(upstream);
             Http2Proxy proxy = Http2Proxy.http11Only(ProxyConfig.builder()
                     .upstreamGroup("events", g -> g.upstream("http://127.0.0.1:" + backend.port()))
                     .route("all", r -> r.pathPrefix("/").to("events"))
                     .build())) {
            client.newRequest(proxy.uri("/stream")).timeout(20, TimeUnit.SECONDS)
                    .onResponseContent((Response response, java.nio.ByteBuffer content) -> {
                        receivedAt.add(System.nanoTime());
                        received.add(StandardCharsets.UTF_8.decode(content).toString());
                    })
                    .send(result -> { });

            for (String event : new String[] {"one", "two", "three"}) {
                toSend.add(event);
                String text = received.poll(10, TimeUnit.SECONDS);
                assertNotNull(text, "event " + event + " did not arrive while the stream stayed open");
                assertEquals("data: " + event + "\n\n", text);
                long sent = flushedAt.poll(10, TimeUnit.SECONDS);
                long delay = receivedAt.take() - sent;
                assertTrue(delay <= MAX_DELAY_NANOS, event + " took " + delay / 1_000_000 + " ms");
            }
            toSend.add("end");
        } finally {
            client.stop();
        }
    }
}

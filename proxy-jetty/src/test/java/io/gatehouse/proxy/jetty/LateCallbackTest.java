package io.gatehouse.proxy.jetty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.engine.Attempt;
import io.gatehouse.proxy.engine.Exchange;
import io.gatehouse.proxy.engine.ProxyEngine;
import io.gatehouse.proxy.jetty.forward.ExchangePhase;
import io.gatehouse.proxy.jetty.forward.ForwardExchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * A {@link ForwardExchange}'s life is one {@link ExchangePhase}: events that come after the end
 * (a late response head, a late failure of the attempt) find their transition refused and do
 * nothing — no second answer, no retry, no second outcome for the upstream.
 */
class LateCallbackTest extends ProxyIntegrationTest {

    @Test
    void eventsAfterTheEndDoNothing() throws Exception {
        AtomicReference<ForwardExchange> watched = new AtomicReference<>();
        AtomicReference<Exchange> core = new AtomicReference<>();
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "hello"))) {
            ProxyServlet servlet = new ProxyServlet(ProxyConfig.builder()
                    .upstreamGroup("g", g -> g.upstream(backend.uri().toString()).upstream(backend.uri() + "/other"))
                    .route("r", r -> r.to("g"))
                    .build()) {
                @Override
                ForwardExchange newForwardExchange(ProxyEngine current, HttpServletRequest clientToProxyRequest,
                                                   HttpServletResponse proxyToClientResponse, Exchange exchange)
                        throws IOException {
                    ForwardExchange forward = super.newForwardExchange(current, clientToProxyRequest,
                            proxyToClientResponse, exchange);
                    watched.set(forward);
                    core.set(exchange);
                    return forward;
                }
            };
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            ServletHolder holder = new ServletHolder(servlet);
            holder.setAsyncSupported(true);
            context.addServlet(holder, "/*");
            server.setHandler(context);
            server.start();
            try {
                ContentResponse response = client.GET("http://127.0.0.1:" + connector.getLocalPort() + "/doc");
                assertEquals(200, response.getStatus());
                assertEquals("hello", response.getContentAsString());

                ForwardExchange forward = watched.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> forward.phase() == ExchangePhase.ENDED);
                ForwardExchange.Call call = forward.current();
                assertNotNull(call);
                List<Attempt> attempts = core.get().attempts();
                assertEquals(1, attempts.size());
                assertTrue(attempts.get(0).completed());

                // A late failure of the attempt: would ask the core for a retry on the other upstream.
                forward.onAttemptComplete(call, new Result(call.request, new EOFException("late"), null, null));
                // A late response head: would copy headers to a response long sent.
                forward.onResponseHead(call, response);

                assertEquals(ExchangePhase.ENDED, forward.phase());
                assertEquals(attempts, core.get().attempts(), "no second attempt");
                assertEquals(0, attempts.get(0).state().inFlight());
                assertEquals(1, backend.requestCount(), "nothing more was sent");
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void onlyTheAllowedTransitionsAreTaken() {
        for (ExchangePhase phase : ExchangePhase.values()) {
            assertEquals(phase != ExchangePhase.ENDED, phase.allows(ExchangePhase.ENDED), phase + " -> ENDED");
            assertTrue(!ExchangePhase.ENDED.allows(phase), "nothing after ENDED");
        }
        assertTrue(ExchangePhase.SENDING.allows(ExchangePhase.RELAYING));
        assertTrue(ExchangePhase.SENDING.allows(ExchangePhase.RETRYING));
        assertTrue(ExchangePhase.RETRYING.allows(ExchangePhase.SENDING));
        assertTrue(!ExchangePhase.RELAYING.allows(ExchangePhase.RETRYING), "no retry once the head went to the client");
        assertTrue(!ExchangePhase.RELAYING.allows(ExchangePhase.SENDING));
        assertTrue(!ExchangePhase.ANSWERING.allows(ExchangePhase.ANSWERING), "one answer");
        assertTrue(ExchangePhase.CLIENT_FAILED.allows(ExchangePhase.ANSWERING));
        assertTrue(!ExchangePhase.CLIENT_FAILED.allows(ExchangePhase.SENDING), "no attempt for a client that failed");
        assertTrue(!ExchangePhase.BODY_TOO_LARGE.allows(ExchangePhase.RETRYING));
    }
}

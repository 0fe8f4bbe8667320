package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpstreamDestinationsTest {

    private Backend backend;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        backend = Backend.ok("hello");
        client = new HttpClient(new HttpClientTransportOverHTTP());
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        backend.close();
    }

    @Test
    void sendsThroughOneDestinationPerOriginAndKeepsTaggedRequestsApart() throws Exception {
        UpstreamDestinations destinations = new UpstreamDestinations(client);

        assertEquals("hello", send(destinations, client.newRequest(backend.uri()).path("/a")));
        assertEquals("hello", send(destinations, client.newRequest(backend.uri()).path("/b")));
        assertEquals(1, client.getDestinations().size());
        assertEquals(2, backend.requestCount());

        assertEquals("hello", send(destinations, client.newRequest(backend.uri()).path("/c").tag("fresh")));
        assertEquals(2, client.getDestinations().size(), "a tagged request has its own destination");
    }

    @Test
    void withIdleDestinationsSweptTakesJettyClientsOwnPath() throws Exception {
        client.stop();
        client.setDestinationIdleTimeout(60_000);
        client.start();
        UpstreamDestinations destinations = new UpstreamDestinations(client);

        assertEquals("hello", send(destinations, client.newRequest(backend.uri()).path("/a")));
        assertEquals(1, client.getDestinations().size());
    }

    @Test
    void aRequestThatCannotBeResolvedFailsToItsListener() throws Exception {
        UpstreamDestinations destinations = new UpstreamDestinations(client);
        CompletableFuture<Result> done = new CompletableFuture<>();

        destinations.send(client.newRequest("ftp://127.0.0.1:" + backend.port() + "/"), done::complete);

        Result result = done.get(5, TimeUnit.SECONDS);
        assertTrue(result.isFailed());
        assertNotNull(result.getFailure());
        assertEquals(0, backend.arrivals());
    }

    private static String send(UpstreamDestinations destinations, Request request) throws Exception {
        CompletableFuture<String> body = new CompletableFuture<>();
        destinations.send(request, new BufferingResponseListener() {
            @Override
            public void onComplete(Result result) {
                if (result.isFailed()) {
                    body.completeExceptionally(result.getFailure());
                } else {
                    body.complete(getContentAsString());
                }
            }
        });
        return body.get(5, TimeUnit.SECONDS);
    }
}

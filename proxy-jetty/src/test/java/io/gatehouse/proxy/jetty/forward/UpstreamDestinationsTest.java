package io.gatehouse.proxy.jetty.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.engine.ForwardPlan;
import io.gatehouse.proxy.engine.ProxyEngine;
import io.gatehouse.proxy.http.RequestView;
import io.gatehouse.proxy.jetty.Backend;
import java.util.List;
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
    void requestsToConfiguredUpstreamsShareTheirUpstreamsDestinationAndTaggedOnesStillGetTheirOwn() throws Exception {
        UpstreamDestinations destinations = new UpstreamDestinations(client);
        ForwardPlan byIp = plan("http://127.0.0.1:" + backend.port() + "/base");
        ForwardPlan byName = plan("http://localhost:" + backend.port());

        assertEquals("hello", send(destinations, ExactTargetRequest.to(client, byIp)));
        assertEquals("hello", send(destinations, ExactTargetRequest.to(client, byIp)));
        assertEquals(1, client.getDestinations().size());
        assertEquals("hello", send(destinations, ExactTargetRequest.to(client, byName)));
        assertEquals(2, client.getDestinations().size(), "another origin, another destination");
        assertEquals("hello", send(destinations, ExactTargetRequest.to(client, byIp).tag("fresh")));
        assertEquals(3, client.getDestinations().size(), "a tagged request has its own destination");
        assertEquals("hello", send(destinations, ExactTargetRequest.to(client, byIp)));
        assertEquals(3, client.getDestinations().size());
        assertEquals(5, backend.requestCount());
    }

    /** The plan of {@code GET /a} through a route to {@code upstream}. */
    private static ForwardPlan plan(String upstream) {
        ProxyConfig config = ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(upstream))
                .route("all", r -> r.pathPrefix("/").to("g"))
                .build();
        Decision.Forward forward = (Decision.Forward) ProxyEngine.of(config).decide(new Get("/a"), "");
        forward.close();
        return forward.plan().to(config.upstreamGroup("g").upstreams().get(0));
    }

    private record Get(String path) implements RequestView {
        @Override public String method() { return "GET"; }
        @Override public String scheme() { return "http"; }
        @Override public String host() { return "proxy.example"; }
        @Override public int port() { return 8080; }
        @Override public String query() { return null; }
        @Override public String header(String name) { return null; }
        @Override public List<String> headers(String name) { return List.of(); }
        @Override public String remoteAddress() { return "127.0.0.1"; }
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

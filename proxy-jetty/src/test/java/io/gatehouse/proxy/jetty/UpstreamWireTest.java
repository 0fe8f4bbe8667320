package io.gatehouse.proxy.jetty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.jetty.KeepAliveClient.RawResponse;
import io.gatehouse.proxy.jetty.ScriptedUpstream.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What passes through the proxy exactly as it came, and what an odd upstream response does to the
 * client's connection: raw sockets on both sides, so that nothing normalises the bytes on the way.
 */
class UpstreamWireTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static ProxyUnderTest proxyTo(ScriptedUpstream upstream) throws Exception {
        return ProxyUnderTest.start("/api", ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(upstream.uri()))
                .route("all", r -> r.pathPrefix("/").to("g"))
                .build());
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    @Test
    void queryWithAMalformedEscapeReachesTheUpstreamByteForByte() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.answering(head -> Reply.keepAlive(OK));
             ProxyUnderTest proxy = proxyTo(upstream);
             KeepAliveClient client = new KeepAliveClient(proxy.port())) {
            RawResponse response = client.send(get("/api/q?e=%zz&f=%&g=%e9+x&h=a%2Bb")).readFinal();
            assertEquals(200, response.status(), response.head());
            assertTrue(upstream.takeHead().startsWith("GET /q?e=%zz&f=%&g=%e9+x&h=a%2Bb HTTP/1.1\r\n"));
        }
    }

    @Test
    void queryConditionWithAMalformedEscapeDoesNotMatchAndNeverFailsTheRequest() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.answering(head -> Reply.keepAlive(OK));
             ScriptedUpstream other = ScriptedUpstream.answering(head -> Reply.keepAlive(OK));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(upstream.uri()))
                     .upstreamGroup("beta", g -> g.upstream(other.uri()))
                     .route("beta", r -> r.pathPrefix("/").queryParam("e", "x").to("beta"))
                     .route("all", r -> r.pathPrefix("/").to("g"))
                     .build());
             KeepAliveClient client = new KeepAliveClient(proxy.port())) {
            assertEquals(200, client.send(get("/api/q?e=%zz")).readFinal().status());
            assertTrue(upstream.takeHead().startsWith("GET /q?e=%zz HTTP/1.1\r\n"));
            assertEquals(200, client.send(get("/api/q?e=%78")).readFinal().status());
            assertTrue(other.takeHead().startsWith("GET /q?e=%78 HTTP/1.1\r\n"), "a well-formed escape still matches");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/1.1 999 Odd", "HTTP/1.1 600 Beyond", "HTTP/1.1 099 Below",
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade"})
    void statusOutside100To599IsA502AndTheClientConnectionKeepsWorking(String statusLine) throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.answering(head -> Reply.keepAlive(head.startsWith("GET /odd ")
                ? statusLine + "\r\nContent-Length: 2\r\n\r\nhi" : OK));
             ProxyUnderTest proxy = proxyTo(upstream);
             KeepAliveClient client = new KeepAliveClient(proxy.port())) {
            RawResponse odd = client.send(get("/api/odd")).readFinal();
            assertEquals(502, odd.status(), odd.head());
            assertTrue(odd.hasLine("Content-Type: application/problem+json"), odd.head());
            assertTrue(odd.body().contains("cannot relay"), odd.body());
            RawResponse next = client.send(get("/api/next")).readFinal();
            assertEquals(200, next.status(), next.head());
            assertEquals("ok", next.body());
            await("the proxy closes the upstream connection it gave up on")
                    .atMost(Duration.ofSeconds(5)).until(() -> upstream.closedByProxy() >= 1);
            assertTrue(upstream.takeHead().startsWith("GET /odd "));
            assertTrue(upstream.takeHead().startsWith("GET /next "), "an invalid response is not retried");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n",
            "HTTP/1.1 102 Processing\r\n\r\n",
            "HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.js>; rel=preload\r\n\r\n"})
    void interimResponsesNeverHoldBackTheFinalOneNorTheConnections(String interim) throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.answering(head -> Reply.keepAlive(interim + OK));
             ProxyUnderTest proxy = proxyTo(upstream);
             KeepAliveClient client = new KeepAliveClient(proxy.port())) {
            for (int i = 0; i < 2; i++) {
                RawResponse response = client.send(get("/api/page" + i)).readFinal();
                assertEquals(200, response.status(), response.head());
                assertEquals("ok", response.body());
            }
            upstream.takeHead();
            upstream.takeHead();
            assertEquals(1, upstream.connections(), "the upstream connection is reused");
        }
    }

    @Test
    void earlyHintsLinksAreRelayedToHttp11ClientsBeforeTheFinalResponse() throws Exception {
        String hints = "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload; as=style\r\nX-Internal: 10.0.0.7\r\n\r\n";
        try (ScriptedUpstream upstream = ScriptedUpstream.answering(head -> Reply.keepAlive(hints
                + (head.startsWith("GET /odd ") ? "HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n" : OK)));
             ProxyUnderTest proxy = proxyTo(upstream);
             KeepAliveClient client = new KeepAliveClient(proxy.port())) {
            for (String path : new String[] {"/api/a", "/api/b", "/api/odd"}) {
                RawResponse interim = client.send(get(path)).read();
                assertEquals(103, interim.status(), interim.head());
                assertTrue(interim.hasLine("Link: </s.css>; rel=preload; as=style"), interim.head());
                assertFalse(interim.head().contains("X-Internal"), interim.head());
                RawResponse response = client.read();
                assertEquals(path.equals("/api/odd") ? 502 : 200, response.status(), response.head());
            }
        }
    }

    @Test
    void http10ClientsGetNoInterimResponse() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.answering(head -> Reply.keepAlive(
                "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n" + OK));
             ProxyUnderTest proxy = proxyTo(upstream);
             KeepAliveClient client = new KeepAliveClient(proxy.port())) {
            RawResponse response = client.send("GET /api/a HTTP/1.0\r\nHost: x\r\n\r\n").read();
            assertEquals(200, response.status(), response.head());
            assertEquals("ok", response.body());
        }
    }

    @Test
    void requestHeaderValuesReachTheUpstreamByteForByte() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.answering(head -> Reply.keepAlive(OK));
             ProxyUnderTest proxy = proxyTo(upstream);
             KeepAliveClient client = new KeepAliveClient(proxy.port());
             KeepAliveClient another = new KeepAliveClient(proxy.port())) {
            for (String value : new String[] {"no-cache", "No-Cache", "NO-CACHE"}) {
                client.send("GET /api/a HTTP/1.1\r\nHost: x\r\nCache-Control: " + value + "\r\n\r\n").readFinal();
                String head = upstream.takeHead();
                assertTrue(head.contains("\r\nCache-Control: " + value + "\r\n"), head);
            }
            another.send("GET /api/a HTTP/1.1\r\nHost: x\r\nCache-Control: No-Cache\r\n\r\n").readFinal();
            String head = upstream.takeHead();
            assertTrue(head.contains("\r\nCache-Control: No-Cache\r\n"), "on another connection: " + head);
        }
    }

    @Test
    void responseHeaderValuesReachTheClientByteForByte() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.answering(head -> Reply.keepAlive("HTTP/1.1 200 OK\r\n"
                + "Cache-Control: " + head.substring(head.indexOf('=') + 1, head.indexOf(' ', head.indexOf('=')))
                + "\r\nContent-Length: 2\r\n\r\nok"));
             ProxyUnderTest proxy = proxyTo(upstream);
             KeepAliveClient client = new KeepAliveClient(proxy.port())) {
            for (String value : new String[] {"max-age=60", "Max-Age=60", "MAX-AGE=60", "max-age=60"}) {
                RawResponse response = client.send(get("/api/a?cc=" + value)).readFinal();
                assertTrue(response.hasLine("Cache-Control: " + value), response.head());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Transfer-Encoding: foo", "Transfer-Encoding: gzip, chunked", "Transfer-Encoding: chunked, foo"})
    void transferCodingOtherThanChunkedIsA502ThatSaysSo(String coding) throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.answering(head -> head.startsWith("GET /coded ")
                ? Reply.thenClose("HTTP/1.1 200 OK\r\n" + coding + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                : Reply.keepAlive(OK));
             ProxyUnderTest proxy = proxyTo(upstream);
             KeepAliveClient client = new KeepAliveClient(proxy.port())) {
            RawResponse coded = client.send(get("/api/coded")).readFinal();
            assertEquals(502, coded.status(), coded.head());
            assertTrue(coded.body().contains("transfer coding"), coded.body());
            assertEquals(200, client.send(get("/api/next")).readFinal().status());
        }
    }
}

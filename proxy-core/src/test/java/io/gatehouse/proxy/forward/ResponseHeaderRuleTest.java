package io.gatehouse.proxy.forward;

import static io.gatehouse.proxy.forward.ResponseHeaderRule.DROP;
import static io.gatehouse.proxy.forward.ResponseHeaderRule.PASS;
import static io.gatehouse.proxy.forward.ResponseHeaderRule.REWRITE_LOCATION;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponseHeaderRuleTest {

    /** Whether a route built with {@code passServerHeaders(value)} passes server headers on. */
    private static boolean route(boolean passServerHeaders) {
        Route route = ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream("http://127.0.0.1:9001"))
                .route("r", r -> r.to("g").passServerHeaders(passServerHeaders))
                .build().routes().get(0);
        return route.passServerHeaders();
    }

    @Test
    void hopByHopHeadersAreDropped() {
        // RFC 9110 §7.6.1
        for (String name : new String[] {"connection", "keep-alive", "proxy-connection", "te", "transfer-encoding",
                "upgrade", "trailer", "proxy-authenticate", "proxy-authorization"}) {
            assertEquals(DROP, ResponseHeaderRule.of(name, Set.of(), route(false)), name);
        }
    }

    @Test
    void headersNamedInConnectionAreDropped() {
        // RFC 9110 §7.6.1: the Connection header lists more hop-by-hop fields for this message
        assertEquals(DROP, ResponseHeaderRule.of("x-hop", Set.of("x-hop"), route(false)));
        assertEquals(PASS, ResponseHeaderRule.of("x-hop", Set.of(), route(false)));
    }

    @Test
    void serverAndPoweredByAreDroppedByDefault() {
        assertEquals(DROP, ResponseHeaderRule.of("server", Set.of(), route(false)));
        assertEquals(DROP, ResponseHeaderRule.of("x-powered-by", Set.of(), route(false)));
    }

    @Test
    void serverAndPoweredByPassWhenTheRouteSaysSo() {
        assertEquals(PASS, ResponseHeaderRule.of("server", Set.of(), route(true)));
        assertEquals(PASS, ResponseHeaderRule.of("x-powered-by", Set.of(), route(true)));
    }

    @Test
    void connectionTokensWinOverPassServerHeaders() {
        assertEquals(DROP, ResponseHeaderRule.of("server", Set.of("server"), route(true)));
    }

    @Test
    void locationAndContentLocationAreRewritten() {
        assertEquals(REWRITE_LOCATION, ResponseHeaderRule.of("location", Set.of(), route(false)));
        assertEquals(REWRITE_LOCATION, ResponseHeaderRule.of("content-location", Set.of(), route(true)));
    }

    @Test
    void endToEndHeadersPass() {
        for (String name : new String[] {"content-type", "content-length", "cache-control", "set-cookie", "etag"}) {
            assertEquals(PASS, ResponseHeaderRule.of(name, Set.of(), route(false)), name);
        }
    }
}

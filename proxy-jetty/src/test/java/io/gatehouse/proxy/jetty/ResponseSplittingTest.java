package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CR and LF in header values coming back from an upstream never split the response the client
 * gets: an upstream that sends a bare CR, an obs-fold or percent-encoded CR LF in a header
 * cannot make the client see a header (here {@code Set-Cookie: injected=1}) it did not send as a
 * header of its own. jetty-client refuses the malformed heads (502 problem, nothing of them
 * relayed); an encoded CR LF stays encoded through the Location rewrite. Raw bytes both ways: the upstream is a socket that writes what it is told,
 * the client reads the response as bytes.
 */
class ResponseSplittingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bare CR inside a value            | 502 | X-A: a\\rSet-Cookie: injected=1\\r\\n
            obs-fold continuing a value       | 502 | X-A: a\\r\\n Set-Cookie: injected=1\\r\\n
            obs-fold with a tab               | 502 | X-A: a\\r\\n\\tSet-Cookie: injected=1\\r\\n
            encoded CR LF in Location         | 200 | Location: /v1/next%0d%0aSet-Cookie:%20injected=1\\r\\n
            NUL inside a value                | 502 | X-A: a\\u0000Set-Cookie: injected=1\\r\\n
            """)
    void headerValuesFromTheUpstreamNeverSplitTheClientResponse(String attack, int status, String header) throws Exception {
        String upstreamResponse = "HTTP/1.1 200 OK\r\n" + unescape(header) + "Content-Length: 2\r\nConnection: close\r\n\r\nok";
        try (RawBackend upstream = RawBackend.answering(upstreamResponse);
             EdgeProxy proxy = EdgeProxy.start(ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(upstream.uri() + "/v1"))
                     .route("all", r -> r.stripPrefix().to("g"))
                     .build())) {
            String response = RawHttp.exchange(proxy.port(), "GET /api/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String head = RawHttp.head(response);
            assertTrue(response.startsWith("HTTP/1.1 " + status + " "), attack + ": " + response);
            for (String line : head.split("\r\n", -1)) {
                assertFalse(line.regionMatches(true, 0, "Set-Cookie", 0, 10), attack + " split the response: " + head);
                assertFalse(line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0 || line.indexOf('\0') >= 0,
                        attack + ": a bare CR, LF or NUL reached the client: " + head);
            }
            assertTrue(upstream.takeHead().startsWith("GET /v1/x HTTP/1.1"));
        }
    }

    private static String unescape(String raw) {
        return raw.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t").replace("\\u0000", "\0");
    }
}

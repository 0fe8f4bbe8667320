package io.gatehouse.proxy;

import static io.gatehouse.proxy.Configs.problemsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamTest {

    private static List<String> problemsOfUpstream(String uri) {
        return problemsOf(ProxyConfig.builder().upstreamGroup("users", g -> g.upstream(uri)));
    }

    private static Upstream upstream(String uri) {
        return ProxyConfig.builder().upstreamGroup("users", g -> g.upstream(uri)).build()
                .upstreamGroup("users").upstreams().get(0);
    }

    @Test
    void uriThatIsNotAbsoluteIsRejected() {
        assertEquals(List.of("upstream '/users' in group 'users': must be an absolute http or https URI (h2c or h2 for HTTP/2),"
                + " e.g. 'http://127.0.0.1:8080'"), problemsOfUpstream("/users"));
        // "localhost:9001" parses as scheme "localhost" with an opaque part
        assertEquals(List.of("upstream 'localhost:9001' in group 'users': must be an absolute http or https URI (h2c or h2 for HTTP/2),"
                + " e.g. 'http://127.0.0.1:8080'"), problemsOfUpstream("localhost:9001"));
    }

    @Test
    void uriThatDoesNotParseIsRejectedWithTheParsersReason() {
        assertEquals(List.of("upstream '127.0.0.1:9001' in group 'users': not a valid URI"
                + " (Illegal character in scheme name); use e.g. 'http://127.0.0.1:8080'"),
                problemsOfUpstream("127.0.0.1:9001"));
    }

    @Test
    void schemeOtherThanHttpOrHttpsIsRejected() {
        assertEquals(List.of("upstream 'ftp://127.0.0.1:9001' in group 'users': must be an absolute http or https URI (h2c or h2 for HTTP/2),"
                + " e.g. 'http://127.0.0.1:8080'"), problemsOfUpstream("ftp://127.0.0.1:9001"));
        assertEquals(1, problemsOfUpstream("ws://127.0.0.1:9001").size());
    }

    @Test
    void h2cAndH2UpstreamsAreHttp2OverHttpAndHttpsWithTheirSchemeInTheId() {
        Upstream h2c = upstream("h2c://127.0.0.1:9001/v1/");
        assertTrue(h2c.http2());
        assertEquals("http", h2c.scheme());
        assertEquals("http://127.0.0.1:9001", h2c.origin());
        assertEquals("http://127.0.0.1:9001/v1/", h2c.uri().toString());
        assertEquals("/v1", h2c.basePath());
        assertEquals("h2c://127.0.0.1:9001/v1", h2c.id());
        assertEquals("h2c://127.0.0.1:9001/v1", h2c.toString());

        Upstream h2 = upstream("H2://example.com");
        assertTrue(h2.http2());
        assertEquals("https", h2.scheme());
        assertEquals(443, h2.port());
        assertEquals("https://example.com:443", h2.origin());
        assertEquals("h2://example.com:443", h2.id());

        assertFalse(upstream("http://127.0.0.1:9001").http2());
        assertEquals(1, problemsOfUpstream("h3://127.0.0.1:9001").size());
    }

    @Test
    void uriWithoutHostIsRejected() {
        assertEquals(List.of("upstream 'http:///v1' in group 'users': has no host; use e.g. 'http://127.0.0.1:8080'"),
                problemsOfUpstream("http:///v1"));
    }

    @Test
    void uriWithQueryIsRejected() {
        assertEquals(List.of("upstream 'http://127.0.0.1:9001/?a=b' in group 'users': must not have a query ('?a=b');"
                + " the client's query is forwarded as it is"), problemsOfUpstream("http://127.0.0.1:9001/?a=b"));
    }

    @Test
    void uriWithFragmentIsRejected() {
        assertEquals(List.of("upstream 'http://127.0.0.1:9001/#top' in group 'users': must not have a fragment ('#top');"
                + " remove it"), problemsOfUpstream("http://127.0.0.1:9001/#top"));
    }

    @Test
    void uriWithUserInfoIsRejectedWithoutEchoingThePassword() {
        assertEquals(List.of("upstream 'http://***@127.0.0.1:9001' in group 'users': must not carry user info;"
                + " send credentials with a header instead"), problemsOfUpstream("http://admin:secret@127.0.0.1:9001"));
        List<String> withAtInPassword = problemsOfUpstream("http://admin:p@ss@127.0.0.1:9001/a?b");
        assertFalse(withAtInPassword.isEmpty());
        withAtInPassword.forEach(problem -> assertTrue(problem.startsWith("upstream 'http://***@127.0.0.1:9001/a?b'"),
                problem));
    }

    @Test
    void weightBelowOneIsRejected() {
        for (int weight : new int[] {0, -1}) {
            assertEquals(List.of("upstream 'http://127.0.0.1:9001' in group 'users': weight " + weight
                    + " is invalid (expected: 1 or more)"),
                    problemsOf(ProxyConfig.builder().upstreamGroup("users",
                            g -> g.upstream("http://127.0.0.1:9001", u -> u.weight(weight)))));
        }
    }

    @Test
    void everyProblemOfOneUriIsReported() {
        assertEquals(3, problemsOfUpstream("http://u@127.0.0.1:9001/?q#f").size());
    }

    @Test
    void defaultPortFollowsTheScheme() {
        assertEquals(80, upstream("http://users.internal").port());
        assertEquals(443, upstream("https://users.internal").port());
        assertEquals(9001, upstream("http://users.internal:9001").port());
        assertEquals("https://users.internal:443", upstream("HTTPS://users.internal").origin());
        assertEquals("https", upstream("HTTPS://users.internal").scheme());
    }

    @Test
    void basePathIsRawAndLosesItsTrailingSlash() {
        assertEquals("", upstream("http://127.0.0.1:9001").basePath());
        assertEquals("", upstream("http://127.0.0.1:9001/").basePath());
        assertEquals("/v1", upstream("http://127.0.0.1:9001/v1/").basePath());
        assertEquals("/a%20b", upstream("http://127.0.0.1:9001/a%20b").basePath());
    }

    @Test
    void ipv6OriginKeepsItsBrackets() {
        assertEquals("http://[::1]:9001", upstream("http://[::1]:9001").origin());
    }

    @Test
    void idDefaultsToTheUriAndWeightToOne() {
        Upstream upstream = upstream("http://127.0.0.1:9001");

        assertEquals("http://127.0.0.1:9001", upstream.id());
        assertEquals(1, upstream.weight());
    }
}

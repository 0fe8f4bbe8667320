package io.gatehouse.proxy.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.FakeRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CachePolicyTest {

    private static final CachePolicy RFC = CachePolicy.rfc9111();

    @Test
    void neverStoresNothingAndRfc9111Does() {
        assertFalse(CachePolicy.never().storesAnything());
        assertTrue(RFC.storesAnything());
        assertEquals("never", CachePolicy.never().toString());
    }

    @Test
    void keyIsTheTargetUriWithoutTheMethod_rfc9111_2() {
        FakeRequest get = FakeRequest.get("/users/7").query("a=1&b=2");
        assertEquals("http://example.com/api/users/7?a=1&b=2", RFC.key(get, "/api"));
        assertEquals(RFC.key(get, "/api"), RFC.key(FakeRequest.get("/users/7").query("a=1&b=2").method("HEAD"), "/api"));
    }

    @Test
    void keyHasTheSchemeAndANonDefaultPortAndNothingElse() {
        assertEquals("https://example.com/", RFC.key(FakeRequest.get("/").scheme("https").port(443), ""));
        assertEquals("http://example.com:8080/", RFC.key(FakeRequest.get("/").port(8080), ""));
        assertEquals("http://[::1]:8080/x", RFC.key("http", "[::1]", 8080, "/x", null));
    }

    @Test
    void headersNotInTheKeyDoNotChangeIt() {
        FakeRequest plain = FakeRequest.get("/a");
        FakeRequest poisoned = FakeRequest.get("/a").header("X-Forwarded-Host", "evil.example")
                .header("X-Original-URL", "/admin").header("Cookie", "sid=1");
        assertEquals(RFC.key(plain, ""), RFC.key(poisoned, ""));
    }

    @Test
    void emptyQueryIsKeptApartFromNoQuery() {
        assertEquals("http://example.com/a?", RFC.key(FakeRequest.get("/a").query(""), ""));
        assertEquals("http://example.com/a", RFC.key(FakeRequest.get("/a"), ""));
    }

    @Test
    void trackingParametersCanBeDroppedFromTheKey() {
        CachePolicy policy = CachePolicy.builder().ignoreQueryParameters("utm_*", "fbclid").build();
        assertEquals("http://example.com/a?id=7&x=%41",
                policy.key(FakeRequest.get("/a").query("utm_source=news&id=7&fbclid=abc&x=%41&utm_medium=mail"), ""));
        assertEquals("http://example.com/a", policy.key(FakeRequest.get("/a").query("utm_source=x"), ""));
        assertEquals(java.util.Set.of("fbclid", "utm_*"), policy.ignoredQueryParameters());
    }

    @Test
    void aMalformedEscapeInTheQueryIsKeptRawInTheKeyAndNeverFails() {
        CachePolicy policy = CachePolicy.builder().ignoreQueryParameters("utm_*").build();
        assertEquals("http://example.com/a?e=%zz&%zz=1&f=%",
                policy.key(FakeRequest.get("/a").query("e=%zz&%zz=1&utm_x=%&f=%"), ""));
    }

    @Test
    void builderRejectsBadValuesNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CachePolicy.builder().heuristicFreshness(1.5, Duration.ofHours(1)));
        assertEquals("heuristicFraction: 1.5 (expected: more than 0 and at most 1, e.g. 0.1;"
                + " use noHeuristicFreshness() to turn it off)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CachePolicy.builder().heuristicFreshness(0.1, Duration.ZERO));
        assertEquals("heuristicMax: PT0S (expected: a positive duration)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CachePolicy.builder().keyRequestHeaders("X Bad"));
        assertEquals("keyRequestHeaders: 'X Bad' (expected: a header name token, e.g. X-Forwarded-Host)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CachePolicy.builder().ignoreQueryParameters("*"));
        assertEquals("ignoreQueryParameters: '*' (expected: a parameter name or a prefix followed by *, e.g. utm_*)",
                e.getMessage());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertTrue(RFC.heuristicFreshness());
        assertEquals(0.1, RFC.heuristicFraction());
        assertEquals(Duration.ofDays(1), RFC.heuristicMax());
        assertFalse(RFC.storesSetCookieResponses());
        assertEquals(CachePolicy.DEFAULT_UNKEYED_REQUEST_HEADERS, RFC.unkeyedRequestHeaders());
    }
}

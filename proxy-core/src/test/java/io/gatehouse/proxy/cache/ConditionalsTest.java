package io.gatehouse.proxy.cache;

import static io.gatehouse.proxy.cache.Requests.T0;
import static io.gatehouse.proxy.cache.Requests.date;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.FakeRequest;
import org.junit.jupiter.api.Test;

/** A cache answering clients' conditional requests: RFC 9111 §4.3.2, RFC 9110 §13. */
class ConditionalsTest {

    @Test
    void ifNoneMatchUsesWeakComparison_rfc9110_13_1_2() {
        assertTrue(Conditionals.notModified(FakeRequest.get("/").header("If-None-Match", "W/\"a\""), "\"a\"", HttpDates.INVALID, T0));
        assertTrue(Conditionals.notModified(FakeRequest.get("/").header("If-None-Match", "\"x\", \"a\""), "W/\"a\"", HttpDates.INVALID, T0));
        assertFalse(Conditionals.notModified(FakeRequest.get("/").header("If-None-Match", "\"b\""), "\"a\"", HttpDates.INVALID, T0));
    }

    @Test
    void ifNoneMatchStarMatchesAnyStoredResponse() {
        assertTrue(Conditionals.notModified(FakeRequest.get("/").header("If-None-Match", "*"), null, HttpDates.INVALID, T0));
    }

    @Test
    void ifNoneMatchTakesPrecedenceOverIfModifiedSince_rfc9110_13_2_2() {
        FakeRequest both = FakeRequest.get("/").header("If-None-Match", "\"b\"").header("If-Modified-Since", date(T0));
        assertFalse(Conditionals.notModified(both, "\"a\"", T0 - 1000, T0));
    }

    @Test
    void ifModifiedSinceComparesWithLastModifiedElseDate_rfc9111_4_3_2() {
        FakeRequest since = FakeRequest.get("/").header("If-Modified-Since", date(T0));
        assertTrue(Conditionals.notModified(since, null, T0 - 60_000, T0 + 60_000));
        assertFalse(Conditionals.notModified(since, null, T0 + 60_000, T0 + 60_000));
        assertTrue(Conditionals.notModified(since, null, HttpDates.INVALID, T0));
        assertFalse(Conditionals.notModified(since, null, HttpDates.INVALID, T0 + 1000));
    }

    @Test
    void invalidIfModifiedSinceIsIgnored_rfc9110_13_1_3() {
        assertFalse(Conditionals.notModified(FakeRequest.get("/").header("If-Modified-Since", "soon"), null, T0, T0));
    }

    @Test
    void ifMatchAndIfUnmodifiedSinceAreForTheOrigin_rfc9111_4_3_2() {
        assertTrue(Conditionals.forOriginOnly(FakeRequest.get("/").header("If-Match", "\"a\"")));
        assertTrue(Conditionals.forOriginOnly(FakeRequest.get("/").header("If-Unmodified-Since", date(T0))));
        assertFalse(Conditionals.forOriginOnly(FakeRequest.get("/").header("If-None-Match", "\"a\"")));
    }

    @Test
    void strongComparisonNeedsBothStrong_rfc9110_8_8_3_2() {
        assertTrue(Conditionals.strongEquals("\"a\"", "\"a\""));
        assertFalse(Conditionals.strongEquals("W/\"a\"", "\"a\""));
        assertTrue(Conditionals.weakEquals("W/\"a\"", "\"a\""));
    }
}

package io.gatehouse.proxy.cache;

import static io.gatehouse.proxy.cache.Requests.T0;
import static io.gatehouse.proxy.cache.Requests.date;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.proxy.http.FakeRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A GET's {@code Range} answered from a stored complete response (RFC 9110 §14). */
class ByteRangeTest {

    private static final long LAST_MODIFIED = T0 - 3_600_000;

    private static ByteRange range(String range) {
        return ByteRange.of(FakeRequest.get("/a").header("Range", range), 200, 100, "\"v1\"", LAST_MODIFIED, T0);
    }

    @ParameterizedTest
    @CsvSource({"bytes=0-9, 0, 9", "bytes=90-, 90, 99", "bytes=-10, 90, 99", "bytes=95-200, 95, 99", "bytes=-500, 0, 99",
            "BYTES=5-5, 5, 5"})
    void oneRange_rfc9110_14_1_1(String spec, long first, long last) {
        assertEquals(new ByteRange(first, last), range(spec));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=100-", "bytes=150-160", "bytes=-0"})
    void rangesPastTheEndAreUnsatisfiable_rfc9110_14_1_1(String spec) {
        assertEquals(ByteRange.UNSATISFIABLE, range(spec));
        assertEquals("bytes */100", ByteRange.UNSATISFIABLE.contentRange(100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-1,5-6", "items=0-5", "bytes=5-1", "bytes=a-b", "bytes=", "bytes 0-5", "bytes=--5"})
    void severalRangesOtherUnitsAndInvalidSyntaxGetTheWholeRepresentation_rfc9110_14_2(String spec) {
        assertNull(range(spec));
    }

    private static FakeRequest ifRange(String value) {
        return FakeRequest.get("/a").header("Range", "bytes=0-9").header("If-Range", value);
    }

    @Test
    void ifRangeMatchesTheStrongEtagOrTheExactStrongLastModified_rfc9110_13_1_5() {
        assertEquals(new ByteRange(0, 9), ByteRange.of(ifRange("\"v1\""), 200, 100, "\"v1\"", LAST_MODIFIED, T0));
        assertNull(ByteRange.of(ifRange("\"v2\""), 200, 100, "\"v1\"", LAST_MODIFIED, T0));
        assertNull(ByteRange.of(ifRange("W/\"v1\""), 200, 100, "W/\"v1\"", LAST_MODIFIED, T0),
                "a weak entity tag never matches");
        assertEquals(new ByteRange(0, 9), ByteRange.of(ifRange(date(LAST_MODIFIED)), 200, 100, null, LAST_MODIFIED, T0));
        assertNull(ByteRange.of(ifRange(date(LAST_MODIFIED + 1000)), 200, 100, null, LAST_MODIFIED, T0));
        assertNull(ByteRange.of(ifRange(date(T0)), 200, 100, null, T0, T0), "a Last-Modified equal to Date is a weak validator");
    }

    @Test
    void onlyAGetOfA200WithABodyIsAnsweredInPart() {
        FakeRequest head = FakeRequest.get("/a").method("HEAD").header("Range", "bytes=0-9");
        assertNull(ByteRange.of(head, 200, 100, null, LAST_MODIFIED, T0));
        FakeRequest get = FakeRequest.get("/a").header("Range", "bytes=0-9");
        assertNull(ByteRange.of(get, 404, 100, null, LAST_MODIFIED, T0));
        assertNull(ByteRange.of(get, 200, 0, null, LAST_MODIFIED, T0));
    }

    @Test
    void theCacheAnswers206And416FromAStoredResponse_rfc9110_15_3_7() {
        TestClock clock = new TestClock(T0);
        HttpCache cache = HttpCache.builder().clock(clock).build();
        CachePolicy policy = CachePolicy.rfc9111();
        CacheExchange exchange = assertInstanceOf(CacheDecision.Forward.class,
                cache.lookup(FakeRequest.get("/a"), "", policy)).exchange();
        exchange.onResponse(ResponseHead.of(200, "Date", date(T0), "Cache-Control", "max-age=60", "ETag", "\"v1\"",
                "Content-Type", "text/plain"));
        exchange.onContent(ByteBuffer.wrap("0123456789".getBytes(StandardCharsets.US_ASCII)));
        exchange.onComplete();

        CacheDecision.Serve part = assertInstanceOf(CacheDecision.Serve.class,
                cache.lookup(FakeRequest.get("/a").header("Range", "bytes=2-4"), "", policy));
        assertEquals(206, part.head().status());
        assertEquals("bytes 2-4/10", part.head().header("Content-Range"));
        assertEquals("3", part.head().header("Content-Length"));
        assertEquals("text/plain", part.head().header("Content-Type"));
        assertEquals("\"v1\"", part.head().header("ETag"));
        assertEquals("234", StandardCharsets.US_ASCII.decode(part.body()).toString());

        CacheDecision.Serve beyond = assertInstanceOf(CacheDecision.Serve.class,
                cache.lookup(FakeRequest.get("/a").header("Range", "bytes=10-"), "", policy));
        assertEquals(416, beyond.head().status());
        assertEquals("bytes */10", beyond.head().header("Content-Range"));
        assertEquals("application/problem+json", beyond.head().header("Content-Type"));

        CacheDecision.Serve whole = assertInstanceOf(CacheDecision.Serve.class,
                cache.lookup(FakeRequest.get("/a").header("Range", "bytes=0-1,4-5"), "", policy));
        assertEquals(200, whole.head().status());
        assertEquals("10", whole.head().header("Content-Length"));
    }
}

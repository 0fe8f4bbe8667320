package io.gatehouse.proxy.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.FakeRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class CompressionPolicyTest {

    private static final CompressionPolicy GZIP = CompressionPolicy.gzip();
    private static final FakeRequest ACCEPTS_GZIP = FakeRequest.get("/").header("Accept-Encoding", "gzip, br");

    private static Function<String, List<String>> headers(String... namesAndValues) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i].toLowerCase(Locale.ROOT), List.of(namesAndValues[i + 1]));
        }
        return name -> map.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    private static CompressionDecision decide(FakeRequest request, int status, long length, String... headers) {
        return GZIP.decide(request, status, headers(headers), length);
    }

    @Test
    void compressibleTypeAboveTheMinimumIsGzippedForAClientThatAcceptsIt() {
        CompressionDecision d = decide(ACCEPTS_GZIP, 200, 5000, "Content-Type", "application/json; charset=utf-8");
        assertEquals(ContentCoding.GZIP, d.coding());
        assertTrue(d.varies());
    }

    @Test
    void textAndStructuredSuffixTypesAreCompressible() {
        assertTrue(GZIP.compressible("text/html"));
        assertTrue(GZIP.compressible("application/problem+json"));
        assertTrue(GZIP.compressible("application/vnd.api+xml;x=y"));
        assertFalse(GZIP.compressible("image/png"));
        assertFalse(GZIP.compressible(null));
    }

    @Test
    void smallBodiesAreNotCompressedButUnknownLengthsAre() {
        assertFalse(decide(ACCEPTS_GZIP, 200, 100, "Content-Type", "text/plain").compress());
        assertTrue(decide(ACCEPTS_GZIP, 200, -1, "Content-Type", "text/plain").compress());
    }

    @Test
    void neverCompressesTwice() {
        CompressionDecision d = decide(ACCEPTS_GZIP, 200, 5000, "Content-Type", "text/plain", "Content-Encoding", "br");
        assertFalse(d.compress());
        assertFalse(d.varies());
        assertEquals("already encoded: br", d.reason());
        assertTrue(decide(ACCEPTS_GZIP, 200, 5000, "Content-Type", "text/plain", "Content-Encoding", "identity").compress());
    }

    @Test
    void neverTouchesContentRangeOr206() {
        assertFalse(decide(ACCEPTS_GZIP, 200, 5000, "Content-Type", "text/plain", "Content-Range", "bytes 0-9/10").compress());
        assertFalse(decide(ACCEPTS_GZIP, 206, 5000, "Content-Type", "text/plain").compress());
    }

    @Test
    void respectsNoTransform_rfc9110_7_7() {
        assertFalse(decide(ACCEPTS_GZIP, 200, 5000, "Content-Type", "text/plain", "Cache-Control", "public, no-transform").compress());
    }

    @Test
    void bodilessStatusesAreNotCompressed() {
        assertFalse(decide(ACCEPTS_GZIP, 204, -1, "Content-Type", "text/plain").compress());
        assertFalse(decide(ACCEPTS_GZIP, 304, -1, "Content-Type", "text/plain").compress());
    }

    @Test
    void clientThatDoesNotAcceptGzipGetsIdentityButTheResponseStillVaries() {
        CompressionDecision d = decide(FakeRequest.get("/"), 200, 5000, "Content-Type", "text/plain");
        assertFalse(d.compress());
        assertTrue(d.varies());
        assertEquals("Accept-Encoding", d.vary(List.of()));
    }

    @Test
    void strongEtagIsWeakenedWhenCompressed() {
        CompressionDecision d = decide(ACCEPTS_GZIP, 200, 5000, "Content-Type", "text/plain");
        assertEquals("W/\"abc\"", d.etag("\"abc\""));
        assertEquals("W/\"abc\"", d.etag("W/\"abc\""));
        assertNull(d.etag(null));
        CompressionDecision none = decide(FakeRequest.get("/"), 200, 5000, "Content-Type", "text/plain");
        assertEquals("\"abc\"", none.etag("\"abc\""));
    }

    @Test
    void varyGainsAcceptEncodingOnce() {
        CompressionDecision d = decide(ACCEPTS_GZIP, 200, 5000, "Content-Type", "text/plain");
        assertEquals("Accept-Language, Accept-Encoding", d.vary(List.of("Accept-Language")));
        assertEquals("accept-encoding", d.vary(List.of("accept-encoding")));
        assertEquals("*", d.vary(List.of("*")));
    }

    @Test
    void brotliAndZstdAreRefusedAtBuildNamingTheFieldAndTheFix() {
        IllegalArgumentException brotli = assertThrows(IllegalArgumentException.class,
                () -> CompressionPolicy.builder().codings(ContentCoding.BROTLI, ContentCoding.GZIP).build());
        assertEquals("compression codings: br cannot be produced; only gzip is (remove br"
                + " from CompressionPolicy.builder().codings(...), e.g. codings(ContentCoding.GZIP))", brotli.getMessage());

        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> CompressionPolicy.builder().codings(ContentCoding.ZSTD, ContentCoding.BROTLI).build());
        assertEquals("compression codings: zstd, br cannot be produced; only gzip is (remove zstd and br"
                + " from CompressionPolicy.builder().codings(...), e.g. codings(ContentCoding.GZIP))", both.getMessage());
    }

    @Test
    void aClientPreferringBrotliGetsGzip() {
        FakeRequest br = FakeRequest.get("/").header("Accept-Encoding", "br, gzip;q=0.5");
        assertEquals(ContentCoding.GZIP, GZIP.decide(br, 200, headers("Content-Type", "text/css"), 5000).coding());
        assertNull(GZIP.decide(FakeRequest.get("/").header("Accept-Encoding", "br, zstd"), 200,
                headers("Content-Type", "text/css"), 5000).coding(), "a client without gzip gets identity");
    }

    @Test
    void gzipEncodesInTheCore() throws IOException {
        byte[] body = "hello hello hello hello".getBytes();
        byte[] encoded = ContentCoding.GZIP.encode(body);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(encoded))) {
            assertArrayEquals(body, in.readAllBytes());
        }
        assertThrows(UnsupportedOperationException.class, () -> ContentCoding.BROTLI.encode(body));
    }

    @Test
    void builderRejectsBadValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompressionPolicy.builder().minSize(-1));
        assertEquals("minSize: -1 (expected: 0 or more bytes)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CompressionPolicy.builder().codings(ContentCoding.GZIP, ContentCoding.GZIP));
        assertEquals("codings: gzip given twice (expected: each once)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CompressionPolicy.builder().types(true, "json"));
        assertEquals("types: 'json' (expected: type/subtype without parameters)", e.getMessage());
    }
}

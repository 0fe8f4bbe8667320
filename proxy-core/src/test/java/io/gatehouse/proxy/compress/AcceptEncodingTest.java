package io.gatehouse.proxy.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Accept-Encoding with q-values: RFC 9110 §12.5.3, §12.4.2. */
class AcceptEncodingTest {

    private static final List<ContentCoding> ALL = List.of(ContentCoding.BROTLI, ContentCoding.ZSTD, ContentCoding.GZIP);

    @Test
    void plainGzipIsChosen() {
        assertEquals(ContentCoding.GZIP, AcceptEncoding.choose(List.of("gzip, deflate"), List.of(ContentCoding.GZIP)));
    }

    @Test
    void highestQValueWins() {
        assertEquals(ContentCoding.GZIP, AcceptEncoding.choose(List.of("br;q=0.5, gzip;q=0.9"), ALL));
        assertEquals(ContentCoding.BROTLI, AcceptEncoding.choose(List.of("gzip;q=0.9, br"), ALL));
    }

    @Test
    void serverPreferenceBreaksTies() {
        assertEquals(ContentCoding.BROTLI, AcceptEncoding.choose(List.of("gzip, br, zstd"), ALL));
        assertEquals(ContentCoding.GZIP, AcceptEncoding.choose(List.of("gzip, br"), List.of(ContentCoding.GZIP, ContentCoding.BROTLI)));
    }

    @Test
    void qZeroMeansNotAcceptable() {
        assertNull(AcceptEncoding.choose(List.of("gzip;q=0"), List.of(ContentCoding.GZIP)));
        assertNull(AcceptEncoding.choose(List.of("*;q=0, identity"), List.of(ContentCoding.GZIP)));
        assertNull(AcceptEncoding.choose(List.of("*, gzip;q=0"), List.of(ContentCoding.GZIP)));
    }

    @Test
    void starCoversUnlistedCodings() {
        assertEquals(ContentCoding.GZIP, AcceptEncoding.choose(List.of("*"), List.of(ContentCoding.GZIP)));
        assertEquals(ContentCoding.ZSTD, AcceptEncoding.choose(List.of("br;q=0.1, *;q=0.5"), List.of(ContentCoding.BROTLI, ContentCoding.ZSTD)));
    }

    @Test
    void xGzipIsGzip_rfc9110_8_4_1_3() {
        assertEquals(ContentCoding.GZIP, AcceptEncoding.choose(List.of("x-gzip"), List.of(ContentCoding.GZIP)));
    }

    @Test
    void noHeaderOrIdentityOnlyMeansNoCompression() {
        assertNull(AcceptEncoding.choose(List.of(), List.of(ContentCoding.GZIP)));
        assertNull(AcceptEncoding.choose(List.of("identity"), List.of(ContentCoding.GZIP)));
        assertNull(AcceptEncoding.choose(List.of(""), List.of(ContentCoding.GZIP)));
    }

    @Test
    void malformedQValueIsZero() {
        assertEquals(0.0, AcceptEncoding.qValue("q=high"));
        assertEquals(0.0, AcceptEncoding.qValue("q=2"));
        assertEquals(0.5, AcceptEncoding.qValue(" Q=0.5"));
        assertEquals(1.0, AcceptEncoding.qValue("level=1"));
    }
}

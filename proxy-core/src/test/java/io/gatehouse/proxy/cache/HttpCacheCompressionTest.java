package io.gatehouse.proxy.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.proxy.compress.CompressionPolicy;
import io.gatehouse.proxy.http.FakeRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Stored identity, compressed on the way out (docs/adr/0004). */
class HttpCacheCompressionTest {

    private static final byte[] BODY = "{\"items\":[1,2,3,4,5,6,7,8,9,10]}".repeat(40).getBytes();

    private final HttpCache cache = HttpCache.builder().clock(new TestClock(Requests.T0))
            .compression(CompressionPolicy.gzip()).build();
    private final CachePolicy policy = CachePolicy.rfc9111();

    private void store(ResponseHead head) {
        CacheExchange exchange = assertInstanceOf(CacheDecision.Forward.class,
                cache.lookup(FakeRequest.get("/data"), "", policy)).exchange();
        exchange.onResponse(head);
        exchange.onContent(ByteBuffer.wrap(BODY));
        exchange.onComplete();
    }

    private static byte[] bytes(CacheDecision.Serve s) {
        ByteBuffer b = s.body().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void hitIsGzippedForAClientThatAcceptsItAndIdentityForOthers() throws IOException {
        store(ResponseHead.of(200, "Cache-Control", "max-age=60", "Content-Type", "application/json", "ETag", "\"e1\""));

        CacheDecision.Serve gz = assertInstanceOf(CacheDecision.Serve.class,
                cache.lookup(FakeRequest.get("/data").header("Accept-Encoding", "gzip"), "", policy));
        assertEquals("gzip", gz.head().header("Content-Encoding"));
        assertEquals("W/\"e1\"", gz.head().header("ETag"));
        assertEquals("Accept-Encoding", gz.head().header("Vary"));
        byte[] encoded = bytes(gz);
        assertEquals(Integer.toString(encoded.length), gz.head().header("Content-Length"));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(encoded))) {
            assertArrayEquals(BODY, in.readAllBytes());
        }

        CacheDecision.Serve plain = assertInstanceOf(CacheDecision.Serve.class,
                cache.lookup(FakeRequest.get("/data"), "", policy));
        assertNull(plain.head().header("Content-Encoding"));
        assertEquals("\"e1\"", plain.head().header("ETag"));
        assertEquals("Accept-Encoding", plain.head().header("Vary"));
        assertArrayEquals(BODY, bytes(plain));
    }

    @Test
    void revalidatedEntryIsStillServedGzippedAndHeadGetsTheGzipLength() {
        TestClock clock = new TestClock(Requests.T0);
        HttpCache c = HttpCache.builder().clock(clock).compression(CompressionPolicy.gzip()).build();
        CacheExchange first = assertInstanceOf(CacheDecision.Forward.class, c.lookup(FakeRequest.get("/d"), "", policy)).exchange();
        first.onResponse(ResponseHead.of(200, "Cache-Control", "max-age=10", "Content-Type", "text/plain", "ETag", "\"e\""));
        first.onContent(ByteBuffer.wrap(BODY));
        first.onComplete();
        clock.advanceSeconds(20);
        CacheExchange revalidation = assertInstanceOf(CacheDecision.Forward.class,
                c.lookup(FakeRequest.get("/d").header("Accept-Encoding", "gzip"), "", policy)).exchange();
        CacheDecision.Serve after304 = assertInstanceOf(CacheDecision.Serve.class,
                revalidation.onResponse(ResponseHead.of(304, "Cache-Control", "max-age=60", "ETag", "\"e\"")));
        assertEquals("gzip", after304.head().header("Content-Encoding"));
        CacheDecision.Serve head = assertInstanceOf(CacheDecision.Serve.class,
                c.lookup(FakeRequest.get("/d").method("HEAD").header("Accept-Encoding", "gzip"), "", policy));
        assertEquals("gzip", head.head().header("Content-Encoding"));
        assertEquals(Integer.toString(after304.body().remaining()), head.head().header("Content-Length"));
        assertEquals(0, head.body().remaining());
    }

    @Test
    void weakenedEtagOfTheGzippedHitValidatesTheClientsCopy() {
        store(ResponseHead.of(200, "Cache-Control", "max-age=60", "Content-Type", "application/json", "ETag", "\"e1\""));
        CacheDecision.Serve notModified = assertInstanceOf(CacheDecision.Serve.class, cache.lookup(FakeRequest.get("/data")
                .header("Accept-Encoding", "gzip").header("If-None-Match", "W/\"e1\""), "", policy));
        assertEquals(304, notModified.head().status());
        assertEquals("W/\"e1\"", notModified.head().header("ETag"));
        assertEquals("Accept-Encoding", notModified.head().header("Vary"));
        assertNull(notModified.head().header("Content-Encoding"), "no representation metadata in a 304");
    }

    @Test
    void alreadyEncodedResponsesAreServedAsStoredNeverCompressedTwice() {
        FakeRequest brClient = FakeRequest.get("/data").header("Accept-Encoding", "br, gzip");
        CacheExchange exchange = assertInstanceOf(CacheDecision.Forward.class, cache.lookup(brClient, "", policy)).exchange();
        exchange.onResponse(ResponseHead.of(200, "Cache-Control", "max-age=60", "Content-Type", "application/json",
                "Content-Encoding", "br", "Vary", "Accept-Encoding"));
        exchange.onContent(ByteBuffer.wrap(BODY));
        exchange.onComplete();

        CacheDecision.Serve s = assertInstanceOf(CacheDecision.Serve.class,
                cache.lookup(FakeRequest.get("/data").header("Accept-Encoding", "br, gzip"), "", policy));
        assertEquals(java.util.List.of("br"), s.head().headers("Content-Encoding"));
        assertEquals(java.util.List.of("Accept-Encoding"), s.head().headers("Vary"));
        assertArrayEquals(BODY, bytes(s));
        // a client with another Accept-Encoding does not match the stored variant (RFC 9111 §4.1)
        assertInstanceOf(CacheDecision.Forward.class,
                cache.lookup(FakeRequest.get("/data").header("Accept-Encoding", "gzip"), "", policy));
    }
}

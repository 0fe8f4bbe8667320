package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.compress.CompressionPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compression with the cache through a real proxy (ADR 0004): gzip once, {@code Vary:
 * Accept-Encoding}, a weakened {@code ETag}, never twice, never on {@code Content-Range}; a
 * stored response is served gzip to clients that accept it and identity to the others.
 */
class CacheCompressionTest extends ProxyIntegrationTest {

    private static final String JSON = "{\"items\":[" + "\"a compressible value\",".repeat(300) + "\"end\"]}";

    @BeforeAll
    static void noAutomaticDecoding() {
        // the test client neither asks for gzip on its own nor decodes it: each test says what it accepts
        client.getContentDecoderFactories().clear();
    }

    private static ProxyConfig config(Backend backend, CachePolicy policy) {
        return CachingProxies.config(backend.uri().toString(),
                HttpCache.builder().compression(CompressionPolicy.gzip()).build(), policy,
                b -> b.compression(CompressionPolicy.gzip()));
    }

    private static Backend json(Function<Backend.Seen, Map<String, String>> headers) throws Exception {
        return Backend.start(seen -> new Backend.Reply(200, headers.apply(seen), JSON.getBytes(StandardCharsets.UTF_8)));
    }

    private static ContentResponse get(ProxyUnderTest proxy, String path, String acceptEncoding) throws Exception {
        return client.newRequest(proxy.uri(path)).headers(h -> {
            if (acceptEncoding != null) {
                h.put("Accept-Encoding", acceptEncoding);
            }
        }).send();
    }

    @Test
    void aStoredResponseIsServedGzipToGzipClientsAndIdentityToOthers() throws Exception {
        try (Backend backend = json(seen -> Map.of("Content-Type", "application/json", "ETag", "\"v1\"",
                "Cache-Control", "max-age=60"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, CachePolicy.rfc9111()))) {
            ContentResponse miss = get(proxy, "/api/doc", "gzip");
            assertGzip(miss);
            assertTrue(miss.getHeaders().get("Cache-Status").contains("fwd=uri-miss; stored"));

            ContentResponse gzipHit = get(proxy, "/api/doc", "gzip, deflate, br");
            assertGzip(gzipHit);
            assertTrue(gzipHit.getHeaders().get("Cache-Status").startsWith("gatehouse; hit"));
            assertEquals(Integer.toString(gzipHit.getContent().length), gzipHit.getHeaders().get("Content-Length"));

            for (String identity : new String[] {null, "identity", "br", "gzip;q=0"}) {
                ContentResponse plain = get(proxy, "/api/doc", identity);
                assertNull(plain.getHeaders().get("Content-Encoding"), "Accept-Encoding " + identity);
                assertEquals(JSON, plain.getContentAsString());
                assertEquals("Accept-Encoding", plain.getHeaders().get("Vary"));
                assertEquals("\"v1\"", plain.getHeaders().get("ETag"), "identity keeps the strong ETag");
                assertTrue(plain.getHeaders().get("Cache-Status").startsWith("gatehouse; hit"));
            }
            assertEquals(1, backend.requestCount(), "one stored identity response serves both");
        }
    }

    @Test
    void aMissStoredWithoutAGzipClientIsServedGzipLater() throws Exception {
        try (Backend backend = json(seen -> Map.of("Content-Type", "application/json", "Cache-Control", "max-age=60"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, CachePolicy.rfc9111()))) {
            ContentResponse miss = get(proxy, "/api/doc", null);
            assertEquals(JSON, miss.getContentAsString());
            assertEquals("Accept-Encoding", miss.getHeaders().get("Vary"), "the miss says it varies too");
            assertGzip(get(proxy, "/api/doc", "gzip"));
            assertEquals(1, backend.requestCount());
        }
    }

    @Test
    void aGzipClientsConditionalRequestMatchesTheWeakenedEtag() throws Exception {
        try (Backend backend = json(seen -> Map.of("Content-Type", "application/json", "ETag", "\"v1\"",
                "Cache-Control", "max-age=60"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, CachePolicy.rfc9111()))) {
            String etag = get(proxy, "/api/doc", "gzip").getHeaders().get("ETag");
            ContentResponse notModified = client.newRequest(proxy.uri("/api/doc"))
                    .headers(h -> h.put("Accept-Encoding", "gzip").put("If-None-Match", etag)).send();
            assertEquals(304, notModified.getStatus());
            assertEquals("W/\"v1\"", notModified.getHeaders().get("ETag"));
            assertNull(notModified.getHeaders().get("Content-Encoding"), "RFC 9110 §15.4.5: no representation metadata");
        }
    }

    @Test
    void aResponseTheOriginAlreadyGzippedIsPassedAsItIs() throws Exception {
        byte[] gzipped = gzip(JSON.getBytes(StandardCharsets.UTF_8));
        try (Backend backend = Backend.start(seen -> new Backend.Reply(200, Map.of("Content-Type", "application/json",
                "Content-Encoding", "gzip", "Vary", "Accept-Encoding", "ETag", "\"g1\"", "Cache-Control", "max-age=60"), gzipped));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, CachePolicy.rfc9111()))) {
            for (int i = 0; i < 2; i++) {
                ContentResponse response = get(proxy, "/api/gz", "gzip");
                assertEquals("gzip", response.getHeaders().get("Content-Encoding"));
                assertArrayEquals(gzipped, response.getContent(), "not compressed a second time");
                assertEquals("\"g1\"", response.getHeaders().get("ETag"), "the origin's own ETag");
                assertEquals("Accept-Encoding", response.getHeaders().get("Vary"));
            }
            assertEquals(1, backend.requestCount());
        }
    }

    @Test
    void rangeResponsesAreNeverCompressed() throws Exception {
        byte[] part = JSON.substring(0, 1000).getBytes(StandardCharsets.UTF_8);
        try (Backend backend = Backend.start(seen -> new Backend.Reply(206, Map.of("Content-Type", "application/json",
                "Content-Range", "bytes 0-999/" + JSON.length(), "ETag", "\"v1\"", "Cache-Control", "max-age=60"), part));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, CachePolicy.rfc9111()))) {
            ContentResponse response = client.newRequest(proxy.uri("/api/range"))
                    .headers(h -> h.put("Accept-Encoding", "gzip").put("Range", "bytes=0-999")).send();
            assertEquals(206, response.getStatus());
            assertNull(response.getHeaders().get("Content-Encoding"));
            assertEquals("bytes 0-999/" + JSON.length(), response.getHeaders().get("Content-Range"));
            assertEquals("\"v1\"", response.getHeaders().get("ETag"));
            assertArrayEquals(part, response.getContent());
        }
    }

    @Test
    void smallAndIncompressibleResponsesAreLeftAlone() throws Exception {
        try (Backend backend = Backend.start(seen -> seen.target().equals("/small")
                ? Backend.Reply.text(200, "tiny").with("Cache-Control", "max-age=60")
                : new Backend.Reply(200, Map.of("Content-Type", "image/png", "Cache-Control", "max-age=60"),
                        JSON.getBytes(StandardCharsets.UTF_8)));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, CachePolicy.rfc9111()))) {
            for (int i = 0; i < 2; i++) {
                assertNull(get(proxy, "/api/small", "gzip").getHeaders().get("Content-Encoding"));
                assertNull(get(proxy, "/api/image", "gzip").getHeaders().get("Content-Encoding"));
            }
        }
    }

    @Test
    void uncacheableResponsesAreGzippedAsTheyStream() throws Exception {
        try (Backend backend = json(seen -> Map.of("Content-Type", "application/json", "ETag", "\"v9\"",
                "Cache-Control", "no-store"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, CachePolicy.rfc9111()))) {
            for (int i = 0; i < 2; i++) {
                ContentResponse response = get(proxy, "/api/live", "gzip");
                assertEquals("W/\"v9\"", response.getHeaders().get("ETag"));
                assertGzip(response);
            }
            assertEquals(2, backend.requestCount());
        }
    }

    @Test
    void headOfAStoredCompressibleResponseDescribesWhatAGetWouldReturn() throws Exception {
        try (Backend backend = json(seen -> Map.of("Content-Type", "application/json", "Cache-Control", "max-age=60"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend, CachePolicy.rfc9111()))) {
            ContentResponse get = get(proxy, "/api/doc", "gzip");
            get = get(proxy, "/api/doc", "gzip");
            ContentResponse head = client.newRequest(proxy.uri("/api/doc")).method(HttpMethod.HEAD)
                    .headers(h -> h.put("Accept-Encoding", "gzip")).send();
            assertEquals(0, head.getContent().length);
            assertEquals("gzip", head.getHeaders().get("Content-Encoding"));
            assertEquals(get.getHeaders().get("Content-Length"), head.getHeaders().get("Content-Length"));
        }
    }

    private static void assertGzip(ContentResponse response) throws IOException {
        assertEquals("gzip", response.getHeaders().get("Content-Encoding"));
        assertEquals("Accept-Encoding", response.getHeaders().get("Vary"));
        String etag = response.getHeaders().get("ETag");
        assertTrue(etag == null || etag.startsWith("W/"), "a gzip body gets a weak ETag: " + etag);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.getContent()))) {
            assertEquals(JSON, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}

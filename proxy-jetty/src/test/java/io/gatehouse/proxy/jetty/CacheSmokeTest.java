package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.compress.CompressionPolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/** The cache and compression through a real proxy: miss then hit, coalescing, gzip on the way out. */
class CacheSmokeTest extends ProxyIntegrationTest {

    private static ProxyConfig config(Backend backend) {
        return ProxyConfig.builder()
                .httpCache(HttpCache.builder().name("gatehouse").build())
                .compression(CompressionPolicy.gzip())
                .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                .route("cached", r -> r.pathPrefix("/cached").cache(CachePolicy.rfc9111()).to("g"))
                .route("plain", r -> r.to("g"))
                .build();
    }

    @Test
    void secondRequestIsAHitWithCacheStatusAndAge() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "cached body").with("Cache-Control", "max-age=60"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend))) {
            ContentResponse miss = client.GET(proxy.uri("/api/cached/a"));
            ContentResponse hit = client.GET(proxy.uri("/api/cached/a"));
            assertEquals("cached body", miss.getContentAsString());
            assertEquals("cached body", hit.getContentAsString());
            assertTrue(miss.getHeaders().get("Cache-Status").contains("fwd=uri-miss; stored"), miss.getHeaders().get("Cache-Status"));
            assertTrue(hit.getHeaders().get("Cache-Status").startsWith("gatehouse; hit"), hit.getHeaders().get("Cache-Status"));
            assertNotNull(hit.getHeaders().get("Age"));
            assertEquals(1, backend.requestCount());
        }
    }

    @Test
    void fiftyConcurrentRequestsForAColdKeyMakeOneOriginRequest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Backend backend = Backend.start(seen -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Backend.Reply.text(200, "shared").with("Cache-Control", "max-age=60");
            });
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend))) {
            List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                responses.add(new CompletableResponseListener(client.newRequest(proxy.uri("/api/cached/cold"))).send());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (backend.arrivals() < 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            release.countDown();
            for (CompletableFuture<ContentResponse> response : responses) {
                assertEquals("shared", response.get(10, TimeUnit.SECONDS).getContentAsString());
            }
            assertEquals(1, backend.requestCount());
        } finally {
            release.countDown();
        }
    }

    @Test
    void compressibleResponsesAreGzippedOnTheWayOutWhenTheClientAcceptsIt() throws Exception {
        String text = "{\"items\":[" + "\"some json value\",".repeat(200) + "\"end\"]}";
        try (Backend backend = Backend.start(seen -> new Backend.Reply(200,
                java.util.Map.of("Content-Type", "application/json", "ETag", "\"v1\""), text.getBytes(StandardCharsets.UTF_8)));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", config(backend))) {
            client.getContentDecoderFactories().clear();
            ContentResponse response = client.newRequest(proxy.uri("/api/plain/x"))
                    .headers(h -> h.put("Accept-Encoding", "gzip")).send();
            assertEquals("gzip", response.getHeaders().get("Content-Encoding"));
            assertEquals("Accept-Encoding", response.getHeaders().get("Vary"));
            assertEquals("W/\"v1\"", response.getHeaders().get("ETag"));
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.getContent()))) {
                assertEquals(text, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}

package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.Test;

/**
 * The cache's conformance on the wire, through a real proxy: {@code CDN-Cache-Control}
 * (RFC 9213), {@code Age} lists (RFC 9111 §5.1), Range requests answered from a stored
 * response (RFC 9110 §14), and the stored header fields a hit returns.
 */
class CacheConformanceTest extends ProxyIntegrationTest {

    private static final String BODY = "0123456789abcdefghij";

    private static ProxyUnderTest proxy(String upstream, CachePolicy policy) throws Exception {
        return ProxyUnderTest.start("/api", CachingProxies.config(upstream, HttpCache.builder().build(), policy, b -> { }));
    }

    private static ContentResponse get(ProxyUnderTest proxy, String... headers) throws Exception {
        Request request = client.newRequest(proxy.uri("/api/r"));
        request.headers(h -> {
            for (int i = 0; i < headers.length; i += 2) {
                h.add(headers[i], headers[i + 1]);
            }
        });
        return request.send();
    }

    private static Backend counting(String name, String value, String... more) throws Exception {
        AtomicInteger n = new AtomicInteger();
        return Backend.start(seen -> {
            Backend.Reply reply = Backend.Reply.text(200, "#" + n.incrementAndGet()).with(name, value);
            for (int i = 0; i < more.length; i += 2) {
                reply = reply.with(more[i], more[i + 1]);
            }
            return reply;
        });
    }

    @Test
    void cdnCacheControlDecidesForTheCacheAndBothFieldsReachTheClient_rfc9213() throws Exception {
        try (Backend backend = counting("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=60");
             ProxyUnderTest proxy = proxy(backend.uri().toString(), CachePolicy.rfc9111())) {
            ContentResponse miss = get(proxy);
            assertTrue(miss.getHeaders().get("Cache-Status").startsWith("gatehouse; fwd=uri-miss; stored"),
                    miss.getHeaders().get("Cache-Status"));
            ContentResponse hit = get(proxy);
            assertEquals("#1", hit.getContentAsString(), "Cache-Control: no-store is for other caches here");
            assertEquals("no-store", hit.getHeaders().get("Cache-Control"));
            assertEquals("max-age=60", hit.getHeaders().get("CDN-Cache-Control"), "passed on for CDNs further down");
            assertEquals(1, backend.requestCount());
        }
    }

    @Test
    void cdnCacheControlNoStoreWinsOverACacheableCacheControl_rfc9213() throws Exception {
        try (Backend backend = counting("Cache-Control", "public, max-age=600", "CDN-Cache-Control", "no-store");
             ProxyUnderTest proxy = proxy(backend.uri().toString(), CachePolicy.rfc9111())) {
            get(proxy);
            assertEquals("#2", get(proxy).getContentAsString());
        }
    }

    @Test
    void anInvalidCdnCacheControlIsIgnored_rfc9213_2_1() throws Exception {
        try (Backend backend = counting("Cache-Control", "max-age=60", "CDN-Cache-Control", "No-Store");
             ProxyUnderTest proxy = proxy(backend.uri().toString(), CachePolicy.rfc9111())) {
            get(proxy);
            assertEquals("#1", get(proxy).getContentAsString(), "not a Dictionary (upper case key): Cache-Control decides");
        }
    }

    @Test
    void anAgeListCountsItsFirstMember_rfc9111_5_1() throws Exception {
        MutableClock clock = new MutableClock();
        try (Backend backend = CachingProxies.backend(clock, seen -> Backend.Reply.text(200, "x")
                .with("Cache-Control", "max-age=60").with("Age", "10, 20"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend, CachingProxies.cache(clock),
                     CachePolicy.rfc9111()))) {
            get(proxy);
            ContentResponse hit = get(proxy);
            assertEquals("10", hit.getHeaders().get("Age"));
            assertEquals("gatehouse; hit; ttl=50", hit.getHeaders().get("Cache-Status"));
        }
    }

    private static RawBackend complete() throws Exception {
        return RawBackend.answering("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: max-age=60\r\n"
                + "ETag: \"v1\"\r\nContent-Length: " + BODY.length() + "\r\nConnection: close\r\n\r\n" + BODY);
    }

    @Test
    void aRangeOfAStoredResponseIsAnswered206FromTheCache_rfc9110_14() throws Exception {
        try (RawBackend backend = complete(); ProxyUnderTest proxy = proxy(backend.uri(), CachePolicy.rfc9111())) {
            get(proxy);
            backend.takeHead();
            ContentResponse part = get(proxy, "Range", "bytes=5-9");
            assertEquals(206, part.getStatus());
            assertEquals("56789", part.getContentAsString());
            assertEquals("bytes 5-9/20", part.getHeaders().get("Content-Range"));
            assertEquals("5", part.getHeaders().get("Content-Length"));
            assertEquals("\"v1\"", part.getHeaders().get("ETag"));
            assertTrue(part.getHeaders().get("Cache-Status").startsWith("gatehouse; hit"));

            ContentResponse suffix = get(proxy, "Range", "bytes=-3");
            assertEquals(206, suffix.getStatus());
            assertEquals("hij", suffix.getContentAsString());

            ContentResponse beyond = get(proxy, "Range", "bytes=20-");
            assertEquals(416, beyond.getStatus());
            assertEquals("bytes */20", beyond.getHeaders().get("Content-Range"));
            assertEquals("application/problem+json", beyond.getHeaders().get("Content-Type"));

            ContentResponse matching = get(proxy, "Range", "bytes=0-1", "If-Range", "\"v1\"");
            assertEquals(206, matching.getStatus());
            assertEquals("01", matching.getContentAsString());
            ContentResponse changed = get(proxy, "Range", "bytes=0-1", "If-Range", "\"v0\"");
            assertEquals(200, changed.getStatus(), "If-Range does not match: the whole representation");
            assertEquals(BODY, changed.getContentAsString());
            ContentResponse several = get(proxy, "Range", "bytes=0-1,5-6");
            assertEquals(200, several.getStatus(), "several ranges: the whole representation, no multipart");
            assertEquals(BODY, several.getContentAsString());
        }
    }

    @Test
    void aHitReturnsTheStoredHeaderFields() throws Exception {
        String raw = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: max-age=60\r\n"
                + "Link: </a.css>; rel=preload\r\nLink: </b.js>; rel=preload\r\nX-Custom: Mixed Case  value\r\n"
                + "Content-Language: en\r\nAccess-Control-Allow-Origin: *\r\nX-Empty:\r\nWarning: 199 - \"odd\"\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\nok";
        try (RawBackend backend = RawBackend.answering(raw); ProxyUnderTest proxy = proxy(backend.uri(), CachePolicy.rfc9111())) {
            ContentResponse miss = get(proxy);
            backend.takeHead();
            ContentResponse hit = get(proxy);
            assertTrue(hit.getHeaders().get("Cache-Status").startsWith("gatehouse; hit"));
            for (String name : List.of("Content-Type", "Cache-Control", "Link", "X-Custom", "Content-Language",
                    "Access-Control-Allow-Origin", "X-Empty", "Warning", "Content-Length", "Via")) {
                assertEquals(miss.getHeaders().getValuesList(name), hit.getHeaders().getValuesList(name), name);
            }
            assertEquals(List.of("</a.css>; rel=preload", "</b.js>; rel=preload"), hit.getHeaders().getValuesList("Link"));
        }
    }

    @Test
    void responsesSettingCookiesWithSetCookie2AreNotStoredUnlessThePolicyAllowsAndThenWithoutTheCookie() throws Exception {
        try (Backend backend = counting("Cache-Control", "max-age=60", "Set-Cookie2", "id=alice; Version=1");
             ProxyUnderTest proxy = proxy(backend.uri().toString(), CachePolicy.rfc9111())) {
            assertEquals("id=alice; Version=1", get(proxy).getHeaders().get("Set-Cookie2"));
            ContentResponse second = get(proxy);
            assertEquals("#2", second.getContentAsString(), "a response that sets a cookie is not shared");
            assertEquals("id=alice; Version=1", second.getHeaders().get("Set-Cookie2"));
        }
        CachePolicy allowing = CachePolicy.builder().storeResponsesWithSetCookie(true).build();
        try (Backend backend = counting("Cache-Control", "max-age=60", "Set-Cookie2", "id=alice; Version=1");
             ProxyUnderTest proxy = proxy(backend.uri().toString(), allowing)) {
            assertEquals("id=alice; Version=1", get(proxy).getHeaders().get("Set-Cookie2"), "the fetching client gets it");
            ContentResponse hit = get(proxy);
            assertEquals("#1", hit.getContentAsString());
            assertNull(hit.getHeaders().get("Set-Cookie2"), "nobody else does");
        }
    }
}

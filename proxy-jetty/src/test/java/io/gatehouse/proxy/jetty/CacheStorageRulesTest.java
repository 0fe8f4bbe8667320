package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;

/**
 * What a shared cache may store and how stored responses answer, through a real proxy
 * (RFC 9111 §3, §3.5, §5.2): {@code Authorization}, {@code no-store}, {@code private},
 * {@code Set-Cookie}, the per-object size limit, {@code only-if-cached}, and HEAD answered from
 * a stored GET.
 */
class CacheStorageRulesTest extends ProxyIntegrationTest {

    private static Backend counting(String cacheControl) throws Exception {
        AtomicInteger n = new AtomicInteger();
        return Backend.start(seen -> Backend.Reply.text(200, "#" + n.incrementAndGet()).with("Cache-Control", cacheControl));
    }

    private static ProxyUnderTest proxy(Backend backend) throws Exception {
        return ProxyUnderTest.start("/api", CachingProxies.config(backend, HttpCache.builder().build(), CachePolicy.rfc9111()));
    }

    private static ContentResponse get(ProxyUnderTest proxy, String name, String value) throws Exception {
        return client.newRequest(proxy.uri("/api/r")).headers(h -> {
            if (name != null) {
                h.put(name, value);
            }
        }).send();
    }

    @Test
    void responsesToRequestsWithAuthorizationAreNotStoredUnlessTheResponseAllowsIt() throws Exception {
        try (Backend backend = counting("max-age=60"); ProxyUnderTest proxy = proxy(backend)) {
            get(proxy, "Authorization", "Bearer alice");
            ContentResponse bob = get(proxy, "Authorization", "Bearer bob");
            assertEquals("#2", bob.getContentAsString(), "RFC 9111 §3.5: alice's response is not bob's");
            assertEquals("#3", get(proxy, null, null).getContentAsString());
        }
        for (String allowing : new String[] {"public, max-age=60", "s-maxage=60", "max-age=60, must-revalidate"}) {
            try (Backend backend = counting(allowing); ProxyUnderTest proxy = proxy(backend)) {
                get(proxy, "Authorization", "Bearer alice");
                assertEquals("#1", get(proxy, "Authorization", "Bearer bob").getContentAsString(), allowing + " allows storing");
            }
        }
    }

    @Test
    void noStoreAndPrivateResponsesAreNotStored() throws Exception {
        for (String refused : new String[] {"no-store, max-age=60", "private, max-age=60"}) {
            try (Backend backend = counting(refused); ProxyUnderTest proxy = proxy(backend)) {
                ContentResponse first = get(proxy, null, null);
                assertEquals("gatehouse; fwd=uri-miss", first.getHeaders().get("Cache-Status"));
                assertEquals("#2", get(proxy, null, null).getContentAsString(), refused);
            }
        }
        try (Backend backend = counting("max-age=60, private=\"X-User\""); ProxyUnderTest proxy = proxy(backend)) {
            get(proxy, null, null);
            assertEquals("#1", get(proxy, null, null).getContentAsString(), "private with field names stores the rest");
        }
    }

    @Test
    void aRequestWithNoStoreIsNotStored() throws Exception {
        try (Backend backend = counting("max-age=60"); ProxyUnderTest proxy = proxy(backend)) {
            get(proxy, "Cache-Control", "no-store");
            assertEquals("#2", get(proxy, null, null).getContentAsString());
        }
    }

    @Test
    void responsesWithSetCookieAreNotStoredUnlessTheRouteAllowsItAndThenWithoutTheCookie() throws Exception {
        AtomicInteger n = new AtomicInteger();
        java.util.function.Function<Backend.Seen, Backend.Reply> withCookie = seen -> Backend.Reply.text(200, "#" + n.incrementAndGet())
                .with("Cache-Control", "max-age=60").with("Set-Cookie", "session=secret-" + n.get());
        try (Backend backend = Backend.start(withCookie); ProxyUnderTest proxy = proxy(backend)) {
            get(proxy, null, null);
            ContentResponse second = get(proxy, null, null);
            assertEquals("#2", second.getContentAsString());
            assertEquals("session=secret-2", second.getHeaders().get("Set-Cookie"));
        }
        CachePolicy allowing = CachePolicy.builder().storeResponsesWithSetCookie(true).build();
        try (Backend backend = Backend.start(withCookie);
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend, HttpCache.builder().build(), allowing))) {
            ContentResponse first = get(proxy, null, null);
            assertTrue(first.getHeaders().get("Set-Cookie").startsWith("session=secret-"), "the fetching client gets its cookie");
            ContentResponse hit = get(proxy, null, null);
            assertEquals(first.getContentAsString(), hit.getContentAsString());
            assertNull(hit.getHeaders().get("Set-Cookie"), "nobody else does");
        }
    }

    @Test
    void aResponseOverTheObjectLimitStreamsThroughUncached() throws Exception {
        byte[] big = new byte[64 * 1024];
        Arrays.fill(big, (byte) 'b');
        HttpCache cache = HttpCache.builder().maximumObjectSize(16 * 1024).build();
        try (Backend backend = Backend.start(seen -> new Backend.Reply(200,
                java.util.Map.of("Content-Type", "application/octet-stream", "Cache-Control", "max-age=60"), big));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend, cache, CachePolicy.rfc9111()))) {
            for (int i = 0; i < 2; i++) {
                ContentResponse response = get(proxy, null, null);
                assertArrayEquals(big, response.getContent());
                assertEquals("gatehouse; fwd=uri-miss", response.getHeaders().get("Cache-Status"));
            }
            assertEquals(2, backend.requestCount());
            assertEquals(0, cache.size());
        }
    }

    @Test
    void aStreamedResponseThatGrowsOverTheObjectLimitIsDroppedFromTheStoreButReachesTheClientWhole() throws Exception {
        String chunk = "c".repeat(4096);
        StringBuilder raw = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: max-age=60\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        for (int i = 0; i < 8; i++) {
            raw.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        raw.append("0\r\n\r\n");
        HttpCache cache = HttpCache.builder().maximumObjectSize(16 * 1024).build();
        try (RawBackend backend = RawBackend.answering(raw.toString());
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend.uri(), cache,
                     CachePolicy.rfc9111(), b -> { }))) {
            for (int i = 0; i < 2; i++) {
                ContentResponse response = get(proxy, null, null);
                assertEquals(chunk.repeat(8), new String(response.getContent(), StandardCharsets.ISO_8859_1));
                backend.takeHead();
            }
            assertEquals(0, cache.size(), "nothing kept of a body over the limit");
        }
    }

    @Test
    void onlyIfCachedIsAnswered504WhenNothingIsStoredAndFromTheStoreOtherwise() throws Exception {
        try (Backend backend = counting("max-age=60"); ProxyUnderTest proxy = proxy(backend)) {
            ContentResponse none = get(proxy, "Cache-Control", "only-if-cached");
            assertEquals(504, none.getStatus(), "RFC 9111 §5.2.1.7");
            assertEquals("application/problem+json", none.getHeaders().get("Content-Type"));
            assertEquals("gatehouse; fwd=uri-miss; detail=only-if-cached", none.getHeaders().get("Cache-Status"));
            assertEquals(0, backend.requestCount());

            get(proxy, null, null);
            ContentResponse stored = get(proxy, "Cache-Control", "only-if-cached");
            assertEquals(200, stored.getStatus());
            assertEquals("#1", stored.getContentAsString());
        }
    }

    @Test
    void headIsAnsweredFromAStoredGet() throws Exception {
        try (Backend backend = counting("max-age=60"); ProxyUnderTest proxy = proxy(backend)) {
            ContentResponse headMiss = client.newRequest(proxy.uri("/api/r")).method(HttpMethod.HEAD).send();
            assertEquals(200, headMiss.getStatus());
            assertEquals("HEAD", backend.take().method());
            ContentResponse get = get(proxy, null, null);
            assertEquals("#2", get.getContentAsString(), "a response to HEAD is not stored (no body to store)");

            ContentResponse head = client.newRequest(proxy.uri("/api/r")).method(HttpMethod.HEAD).send();
            assertEquals(200, head.getStatus());
            assertEquals(0, head.getContent().length);
            assertEquals("2", head.getHeaders().get("Content-Length"), "the stored GET's length");
            assertEquals("text/plain", head.getHeaders().get("Content-Type"));
            assertTrue(head.getHeaders().get("Cache-Status").startsWith("gatehouse; hit"), head.getHeaders().get("Cache-Status"));
            assertEquals(2, backend.requestCount());
        }
    }
}

package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/**
 * Secondary keys and unkeyed headers through a real proxy: {@code Vary} keeps one entry per
 * listed request header value, {@code Vary: *} never matches (RFC 9111 §4.1), and a request
 * header outside the key cannot change what others are served (cache poisoning).
 */
class CacheVaryTest extends ProxyIntegrationTest {

    @Test
    void differentAcceptLanguageValuesGetDifferentEntries() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "lang=" + seen.header("Accept-Language"))
                .with("Cache-Control", "max-age=60").with("Vary", "Accept-Language"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     HttpCache.builder().build(), CachePolicy.rfc9111()))) {
            ContentResponse en = get(proxy, "en");
            assertEquals("lang=en", en.getContentAsString());
            ContentResponse de = get(proxy, "de");
            assertEquals("lang=de", de.getContentAsString(), "a stored en response does not answer de");
            assertTrue(de.getHeaders().get("Cache-Status").startsWith("gatehouse; fwd=vary-miss; stored"),
                    de.getHeaders().get("Cache-Status"));

            for (int i = 0; i < 2; i++) {
                ContentResponse enHit = get(proxy, "en");
                assertEquals("lang=en", enHit.getContentAsString());
                assertTrue(enHit.getHeaders().get("Cache-Status").startsWith("gatehouse; hit"));
                ContentResponse deHit = get(proxy, "de");
                assertEquals("lang=de", deHit.getContentAsString());
                assertTrue(deHit.getHeaders().get("Cache-Status").startsWith("gatehouse; hit"));
            }
            assertEquals(2, backend.requestCount());

            ContentResponse none = client.GET(proxy.uri("/api/page"));
            assertEquals("lang=null", none.getContentAsString(), "no Accept-Language is a value of its own");
            assertEquals(3, backend.requestCount());
        }
    }

    @Test
    void varyStarIsNeverStored() throws Exception {
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "any").with("Cache-Control", "max-age=60")
                .with("Vary", "*"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     HttpCache.builder().build(), CachePolicy.rfc9111()))) {
            for (int i = 0; i < 3; i++) {
                ContentResponse response = client.GET(proxy.uri("/api/star"));
                assertEquals("gatehouse; fwd=uri-miss", response.getHeaders().get("Cache-Status"));
            }
            assertEquals(3, backend.requestCount(), "RFC 9111 §4.1: Vary: * always fails to match");
        }
    }

    @Test
    void aRequestWithAnUnkeyedHeaderCannotPoisonTheEntryOthersGet() throws Exception {
        // The origin reflects headers that are not part of the cache key into its body (as the
        // proxy sets X-Forwarded-Host itself, the origin sees the client's value only of the others).
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "<script src=\"//" + seen.header("X-Forwarded-Host")
                + "/app.js\"></script>" + (seen.header("X-Original-URL") != null ? seen.header("X-Original-URL") : ""))
                .with("Cache-Control", "public, max-age=600"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     HttpCache.builder().build(), CachePolicy.rfc9111()))) {
            String clean = "<script src=\"//127.0.0.1:" + proxy.port() + "/app.js\"></script>";
            ContentResponse attacker = client.newRequest(proxy.uri("/api/home"))
                    .headers(h -> h.put("X-Original-URL", "/admin")).send();
            assertEquals(clean + "/admin", attacker.getContentAsString(), "the origin reflected it");
            assertEquals("gatehouse; fwd=uri-miss", attacker.getHeaders().get("Cache-Status"), "and it was not stored");
            ContentResponse attacker2 = client.newRequest(proxy.uri("/api/home"))
                    .headers(h -> h.put("X-Forwarded-Host", "evil.example")).send();
            assertEquals("gatehouse; fwd=uri-miss", attacker2.getHeaders().get("Cache-Status"));

            ContentResponse victim = client.GET(proxy.uri("/api/home"));
            assertEquals(clean, victim.getContentAsString());
            ContentResponse victimAgain = client.GET(proxy.uri("/api/home"));
            assertEquals(clean, victimAgain.getContentAsString());
            assertTrue(victimAgain.getHeaders().get("Cache-Status").startsWith("gatehouse; hit"));

            // Once stored, a request with the unkeyed header is answered from the clean entry and changes nothing.
            ContentResponse attacker3 = client.newRequest(proxy.uri("/api/home"))
                    .headers(h -> h.put("X-Original-URL", "/admin")).send();
            assertEquals(clean, attacker3.getContentAsString());
            assertEquals(clean, client.GET(proxy.uri("/api/home")).getContentAsString());
            assertEquals(3, backend.requestCount());
        }
    }

    @Test
    void aHeaderTheRouteKeysOnIsStoredPerValue() throws Exception {
        CachePolicy keyed = CachePolicy.builder().keyRequestHeaders("X-Site").build();
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "site " + seen.header("X-Site"))
                .with("Cache-Control", "max-age=600"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     HttpCache.builder().build(), keyed))) {
            ContentResponse a = client.newRequest(proxy.uri("/api/home")).headers(h -> h.put("X-Site", "a")).send();
            ContentResponse b = client.newRequest(proxy.uri("/api/home")).headers(h -> h.put("X-Site", "b")).send();
            ContentResponse aAgain = client.newRequest(proxy.uri("/api/home")).headers(h -> h.put("X-Site", "a")).send();
            assertEquals("site a", aAgain.getContentAsString());
            assertEquals("site b", b.getContentAsString());
            assertEquals("site a", a.getContentAsString());
            assertTrue(aAgain.getHeaders().get("Cache-Status").startsWith("gatehouse; hit"));
            assertEquals(2, backend.requestCount());
        }
    }

    @Test
    void thePrimaryKeyIsTheTargetUriQueryAndHostIncluded() throws Exception {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, seen.target() + " #" + n.incrementAndGet())
                .with("Cache-Control", "max-age=600"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     HttpCache.builder().build(), CachePolicy.builder().ignoreQueryParameters("utm_*").build()))) {
            String a = client.GET(proxy.uri("/api/p?x=1")).getContentAsString();
            String b = client.GET(proxy.uri("/api/p?x=2")).getContentAsString();
            assertEquals(false, a.equals(b), "another query is another resource");
            assertEquals(a, client.GET(proxy.uri("/api/p?x=1&utm_source=mail")).getContentAsString(),
                    "a tracking parameter the policy drops from the key");
            String otherHost = client.newRequest(proxy.uri("/api/p?x=1"))
                    .headers(h -> h.put("Host", "other.test:" + proxy.port())).send().getContentAsString();
            assertEquals(false, a.equals(otherHost), "another host is another origin");
            assertEquals(3, backend.requestCount());
        }
    }

    private static ContentResponse get(ProxyUnderTest proxy, String language) throws Exception {
        return client.newRequest(proxy.uri("/api/page")).headers(h -> h.put("Accept-Language", language)).send();
    }
}

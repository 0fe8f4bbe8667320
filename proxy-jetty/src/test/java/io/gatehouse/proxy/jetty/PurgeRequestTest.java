package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.cache.PurgeMethod;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/**
 * The {@code PURGE} method through a real proxy: off by default (forwarded like any method);
 * with {@link HttpCache.Builder#purgeMethod} answered by the proxy — 200 when it removed the
 * stored responses of the URI (every variant), 404 when there were none, 403 / the access
 * policy's status for clients that may not — and never forwarded.
 */
class PurgeRequestTest extends ProxyIntegrationTest {

    private static Backend counting(AtomicInteger gets) throws Exception {
        return Backend.start(seen -> seen.method().equals("GET")
                ? Backend.Reply.text(200, seen.target() + " #" + gets.incrementAndGet() + " " + seen.header("Accept-Language"))
                        .with("Cache-Control", "max-age=600").with("Vary", "Accept-Language")
                : Backend.Reply.text(200, "origin saw " + seen.method()));
    }

    private static ContentResponse purge(ProxyUnderTest proxy, String path, String key) throws Exception {
        return client.newRequest(proxy.uri(path)).method("PURGE").headers(h -> {
            if (key != null) {
                h.put("X-Purge-Key", key);
            }
        }).send();
    }

    private static ContentResponse get(ProxyUnderTest proxy, String path, String language) throws Exception {
        return client.newRequest(proxy.uri(path)).headers(h -> h.put("Accept-Language", language)).send();
    }

    @Test
    void allowedClientsPurgeEveryStoredVariantOfTheUriAndTheOriginNeverSeesIt() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        HttpCache cache = HttpCache.builder().purgeMethod(PurgeMethod.allowFrom("127.0.0.1", "::1")).build();
        try (Backend backend = counting(gets);
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend, cache, CachePolicy.rfc9111()))) {
            String en = get(proxy, "/api/page", "en").getContentAsString();
            String de = get(proxy, "/api/page", "de").getContentAsString();
            String other = get(proxy, "/api/other", "en").getContentAsString();
            assertEquals(en, get(proxy, "/api/page", "en").getContentAsString(), "stored");

            ContentResponse purged = purge(proxy, "/api/page", null);
            assertEquals(200, purged.getStatus());
            assertEquals("application/json", purged.getHeaders().get("Content-Type"));
            assertEquals("{\"status\":200,\"title\":\"Purged\"}", purged.getContentAsString());
            assertTrue(purged.getHeaders().get("X-Request-Id") != null, "the request's extras are kept");

            assertEquals(false, en.equals(get(proxy, "/api/page", "en").getContentAsString()), "en purged");
            assertEquals(false, de.equals(get(proxy, "/api/page", "de").getContentAsString()), "de purged");
            assertEquals(other, get(proxy, "/api/other", "en").getContentAsString(), "another URI stays");

            ContentResponse again = purge(proxy, "/api/nothing-here", null);
            assertEquals(404, again.getStatus());
            assertEquals("application/problem+json", again.getHeaders().get("Content-Type"));
            assertTrue(again.getContentAsString().contains("No stored response for this URI."), again.getContentAsString());
            for (Backend.Seen seen; (seen = backend.poll()) != null; ) {
                assertEquals("GET", seen.method(), "PURGE is answered by the proxy, never forwarded");
            }
        }
    }

    @Test
    void clientsOutsideTheRangesGet403AndTheEntryStays() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        HttpCache cache = HttpCache.builder().purgeMethod(PurgeMethod.allowFrom("192.0.2.0/24")).build();
        try (Backend backend = counting(gets);
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend, cache, CachePolicy.rfc9111()))) {
            String stored = get(proxy, "/api/page", "en").getContentAsString();
            ContentResponse denied = purge(proxy, "/api/page", null);
            assertEquals(403, denied.getStatus());
            assertEquals("application/problem+json", denied.getHeaders().get("Content-Type"));
            assertEquals(stored, get(proxy, "/api/page", "en").getContentAsString());
            assertEquals(1, backend.requestCount(), "a refused PURGE is not forwarded either");
        }
    }

    @Test
    void anAccessPolicyGuardsPurgeToo() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        PurgeMethod keyed = PurgeMethod.allowFrom("127.0.0.1").and(request -> "s3cret".equals(request.header("X-Purge-Key"))
                ? Verdict.allow() : Verdict.deny(401, "A purge key is needed.", java.util.Map.of("WWW-Authenticate", "PurgeKey")));
        try (Backend backend = counting(gets);
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     HttpCache.builder().purgeMethod(keyed).build(), CachePolicy.rfc9111()))) {
            get(proxy, "/api/page", "en");
            ContentResponse unauthorized = purge(proxy, "/api/page", "wrong");
            assertEquals(401, unauthorized.getStatus());
            assertEquals("PurgeKey", unauthorized.getHeaders().get("WWW-Authenticate"));
            assertEquals(200, purge(proxy, "/api/page", "s3cret").getStatus());
        }
    }

    @Test
    void withoutAPurgeMethodPurgeIsForwardedLikeAnyUnsafeMethod() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        try (Backend backend = counting(gets);
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     HttpCache.builder().build(), CachePolicy.rfc9111()))) {
            String stored = get(proxy, "/api/page", "en").getContentAsString();
            backend.take();
            ContentResponse forwarded = purge(proxy, "/api/page", null);
            assertEquals("origin saw PURGE", forwarded.getContentAsString());
            assertEquals("PURGE", backend.take().method());
            assertEquals(false, stored.equals(get(proxy, "/api/page", "en").getContentAsString()),
                    "the origin's 200 to an unknown method invalidates, RFC 9111 §4.4");
        }
    }
}

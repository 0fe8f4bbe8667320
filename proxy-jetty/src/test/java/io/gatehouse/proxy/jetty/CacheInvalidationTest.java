package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.proxy.cache.CachePolicy;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;

/**
 * Invalidation through a real proxy (RFC 9111 §4.4): a successful unsafe request invalidates its
 * target URI and the same-origin URIs in its response's {@code Location} and
 * {@code Content-Location}; a failed one, or one pointing at another origin, does not.
 */
class CacheInvalidationTest extends ProxyIntegrationTest {

    /** Answers GETs with a body that counts the origin's GETs, and unsafe methods as {@code unsafe} says. */
    private static Backend backend(AtomicInteger gets, java.util.function.Function<Backend.Seen, Backend.Reply> unsafe)
            throws Exception {
        return Backend.start(seen -> seen.method().equals("GET")
                ? Backend.Reply.text(200, seen.target() + " #" + gets.incrementAndGet()).with("Cache-Control", "max-age=600")
                : unsafe.apply(seen));
    }

    @Test
    void postPutDeleteAndPatchInvalidateTheirTargetUri() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        try (Backend backend = backend(gets, seen -> Backend.Reply.text(200, "done"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     io.gatehouse.proxy.cache.HttpCache.builder().build(), CachePolicy.rfc9111()))) {
            String before = client.GET(proxy.uri("/api/items/1")).getContentAsString();
            assertEquals(before, client.GET(proxy.uri("/api/items/1")).getContentAsString(), "stored");
            for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
                String stored = client.GET(proxy.uri("/api/items/1")).getContentAsString();
                ContentResponse unsafe = client.newRequest(proxy.uri("/api/items/1")).method(method)
                        .body(new StringRequestContent("x")).send();
                assertEquals(200, unsafe.getStatus());
                assertEquals("gatehouse; fwd=method", unsafe.getHeaders().get("Cache-Status"));
                String after = client.GET(proxy.uri("/api/items/1")).getContentAsString();
                assertEquals(false, stored.equals(after), method + " invalidated the stored GET: " + after);
            }
        }
    }

    @Test
    void sameOriginLocationAndContentLocationAreInvalidatedToo() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        int[] backendPort = new int[1];
        try (Backend backend = backend(gets, seen -> Backend.Reply.text(201, "created")
                     // the upstream's own absolute URI (mapped back to the proxy's) and a path-absolute one
                     .with("Location", "http://127.0.0.1:" + backendPort[0] + "/items/2")
                     .with("Content-Location", "/items/3"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     io.gatehouse.proxy.cache.HttpCache.builder().build(), CachePolicy.rfc9111()))) {
            backendPort[0] = backend.port();
            String two = client.GET(proxy.uri("/api/items/2")).getContentAsString();
            String three = client.GET(proxy.uri("/api/items/3")).getContentAsString();
            String four = client.GET(proxy.uri("/api/items/4")).getContentAsString();

            ContentResponse created = client.newRequest(proxy.uri("/api/items")).method(HttpMethod.POST)
                    .body(new StringRequestContent("new")).send();
            assertEquals(201, created.getStatus());
            assertEquals(proxy.uri("/api/items/2").toString(), created.getHeaders().get("Location"));

            assertEquals(false, two.equals(client.GET(proxy.uri("/api/items/2")).getContentAsString()), "Location");
            assertEquals(false, three.equals(client.GET(proxy.uri("/api/items/3")).getContentAsString()), "Content-Location");
            assertEquals(four, client.GET(proxy.uri("/api/items/4")).getContentAsString(), "an unrelated URI stays");
        }
    }

    @Test
    void aLocationOnAnotherOriginInvalidatesNothing() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        int[] proxyPort = new int[1];
        try (Backend backend = backend(gets, seen -> Backend.Reply.text(200, "moved elsewhere")
                     .with("Location", "http://other.test:" + proxyPort[0] + "/api/items/1"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     io.gatehouse.proxy.cache.HttpCache.builder().build(), CachePolicy.rfc9111()))) {
            proxyPort[0] = proxy.port();
            // the same path stored under another host: a different target URI (RFC 9111 §2)
            String other = client.newRequest(proxy.uri("/api/items/1")).headers(h -> h.put("Host", "other.test:" + proxy.port()))
                    .send().getContentAsString();
            client.newRequest(proxy.uri("/api/elsewhere")).method(HttpMethod.POST).body(new StringRequestContent("x")).send();
            assertEquals(other, client.newRequest(proxy.uri("/api/items/1"))
                    .headers(h -> h.put("Host", "other.test:" + proxy.port())).send().getContentAsString(),
                    "a Location on another origin must not invalidate that origin's entry (RFC 9111 §4.4)");
        }
    }

    @Test
    void aFailedUnsafeRequestInvalidatesNothing() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        try (Backend backend = backend(gets, seen -> Backend.Reply.text(409, "conflict"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     io.gatehouse.proxy.cache.HttpCache.builder().build(), CachePolicy.rfc9111()))) {
            String stored = client.GET(proxy.uri("/api/items/1")).getContentAsString();
            assertEquals(409, client.newRequest(proxy.uri("/api/items/1")).method(HttpMethod.PUT)
                    .body(new StringRequestContent("x")).send().getStatus());
            assertEquals(stored, client.GET(proxy.uri("/api/items/1")).getContentAsString());
            assertEquals(1, gets.get());
        }
    }
}

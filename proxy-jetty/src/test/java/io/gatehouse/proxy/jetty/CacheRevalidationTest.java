package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.cache.CachePolicy;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;

/**
 * Validation through a real proxy (RFC 9111 §4.3): a stale entry is revalidated with the stored
 * validators, a 304 updates the stored headers (§4.3.4) and the entry is served; a client's own
 * conditional request is answered 304 from a fresh entry (§4.3.2).
 */
class CacheRevalidationTest extends ProxyIntegrationTest {

    /**
     * A day before the test clock starts, written as Java's RFC 1123 formatter writes it: with a
     * one-digit day ("Fri, 4 Dec 2026 08:00:00 GMT"), which RFC 9110 §5.6.7 asks recipients to accept.
     */
    private static final String LAST_MODIFIED = DateTimeFormatter.RFC_1123_DATE_TIME.format(
            MutableClock.START.atZone(ZoneOffset.UTC).minusDays(1));

    @Test
    void staleEntryIsRevalidatedWithIfNoneMatchAndA304UpdatesTheStoredHeaders() throws Exception {
        MutableClock clock = new MutableClock();
        try (Backend backend = CachingProxies.backend(clock, seen -> "\"v1\"".equals(seen.header("If-None-Match"))
                ? new Backend.Reply(304, Map.of("ETag", "\"v1\"", "Cache-Control", "max-age=100", "X-Refreshed", "yes"), new byte[0])
                : Backend.Reply.text(200, "body v1").with("ETag", "\"v1\"").with("Cache-Control", "max-age=10")
                        .with("X-Refreshed", "no"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            ContentResponse miss = client.GET(proxy.uri("/api/doc"));
            assertEquals("gatehouse; fwd=uri-miss; stored; ttl=10", miss.getHeaders().get("Cache-Status"), "RFC 9211 §2.2, §2.5");
            assertNull(backend.take().header("If-None-Match"), "a miss is not conditional");

            clock.advance(Duration.ofSeconds(30));
            ContentResponse revalidated = client.GET(proxy.uri("/api/doc"));
            Backend.Seen validation = backend.take();
            assertEquals("\"v1\"", validation.header("If-None-Match"));
            assertEquals(200, revalidated.getStatus());
            assertEquals("body v1", revalidated.getContentAsString(), "the stored body answers the 304");
            assertEquals("yes", revalidated.getHeaders().get("X-Refreshed"), "§4.3.4: the 304's fields replace the stored ones");
            assertEquals("max-age=100", revalidated.getHeaders().get("Cache-Control"));
            assertTrue(revalidated.getHeaders().get("Cache-Status").startsWith("gatehouse; fwd=stale; fwd-status=304"),
                    revalidated.getHeaders().get("Cache-Status"));

            clock.advance(Duration.ofSeconds(50));
            ContentResponse hit = client.GET(proxy.uri("/api/doc"));
            assertEquals("body v1", hit.getContentAsString());
            assertEquals("yes", hit.getHeaders().get("X-Refreshed"), "the updated headers were stored");
            assertTrue(hit.getHeaders().get("Cache-Status").startsWith("gatehouse; hit; ttl="), hit.getHeaders().get("Cache-Status"));
            assertEquals(2, backend.requestCount(), "fresh again for 100 s after the 304");
        }
    }

    @Test
    void aValidated304LeavesTheUpstreamConnectionPooled() throws Exception {
        MutableClock clock = new MutableClock();
        try (Backend backend = CachingProxies.backend(clock, seen -> "\"v1\"".equals(seen.header("If-None-Match"))
                ? new Backend.Reply(304, Map.of("ETag", "\"v1\"", "Cache-Control", "max-age=10"), new byte[0])
                : Backend.Reply.text(200, "body v1").with("ETag", "\"v1\"").with("Cache-Control", "max-age=10"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            client.GET(proxy.uri("/api/doc"));
            long connection = backend.take().connection();
            for (int i = 0; i < 3; i++) {
                // the client may be answered before the upstream connection is back in the pool
                awaitIdleUpstreamConnection(proxy);
                clock.advance(Duration.ofSeconds(11));
                assertEquals("body v1", client.GET(proxy.uri("/api/doc")).getContentAsString());
                Backend.Seen validation = backend.take();
                assertEquals("\"v1\"", validation.header("If-None-Match"));
                assertEquals(connection, validation.connection(), "validation " + (i + 1) + " came on the same connection:"
                        + " a 304 has no body to abort");
            }
        }
    }

    /** Waits until the proxy's upstream client holds an idle connection, ready for the next request. */
    private static void awaitIdleUpstreamConnection(ProxyUnderTest proxy) throws Exception {
        org.eclipse.jetty.client.HttpClient upstream = proxy.servlet().upstreamClient();
        org.awaitility.Awaitility.await("an idle upstream connection").atMost(Duration.ofSeconds(10))
                .until(() -> upstream.getDestinations().stream()
                        .map(d -> d.getConnectionPool())
                        .filter(pool -> pool instanceof org.eclipse.jetty.client.AbstractConnectionPool)
                        .mapToInt(pool -> ((org.eclipse.jetty.client.AbstractConnectionPool) pool).getIdleConnectionCount())
                        .sum() == 1);
    }

    @Test
    void staleEntryWithOnlyLastModifiedIsRevalidatedWithIfModifiedSince() throws Exception {
        MutableClock clock = new MutableClock();
        try (Backend backend = CachingProxies.backend(clock, seen -> seen.header("If-Modified-Since") != null
                ? new Backend.Reply(304, Map.of("Cache-Control", "max-age=10"), new byte[0])
                : Backend.Reply.text(200, "dated").with("Last-Modified", LAST_MODIFIED).with("Cache-Control", "max-age=10"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            client.GET(proxy.uri("/api/dated"));
            backend.take();
            clock.advance(Duration.ofSeconds(11));

            ContentResponse revalidated = client.GET(proxy.uri("/api/dated"));
            Backend.Seen validation = backend.take();
            assertEquals(LAST_MODIFIED, validation.header("If-Modified-Since"));
            assertNull(validation.header("If-None-Match"));
            assertEquals("dated", revalidated.getContentAsString());
            assertEquals(LAST_MODIFIED, revalidated.getHeaders().get("Last-Modified"));
        }
    }

    @Test
    void aChangedRepresentationReplacesTheStaleEntry() throws Exception {
        MutableClock clock = new MutableClock();
        java.util.concurrent.atomic.AtomicInteger version = new java.util.concurrent.atomic.AtomicInteger(1);
        try (Backend backend = CachingProxies.backend(clock, seen -> {
                String etag = "\"v" + version.get() + "\"";
                return etag.equals(seen.header("If-None-Match"))
                        ? new Backend.Reply(304, Map.of("ETag", etag, "Cache-Control", "max-age=10"), new byte[0])
                        : Backend.Reply.text(200, "body " + etag).with("ETag", etag).with("Cache-Control", "max-age=10");
            });
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            client.GET(proxy.uri("/api/doc"));
            version.set(2);
            clock.advance(Duration.ofSeconds(11));

            ContentResponse changed = client.GET(proxy.uri("/api/doc"));
            assertEquals("body \"v2\"", changed.getContentAsString(), "a 200 to the validation is passed on");
            assertTrue(changed.getHeaders().get("Cache-Status").contains("fwd=stale; stored"),
                    changed.getHeaders().get("Cache-Status"));
            ContentResponse hit = client.GET(proxy.uri("/api/doc"));
            assertEquals("body \"v2\"", hit.getContentAsString(), "and stored in place of the old one");
            assertEquals(2, backend.requestCount());
        }
    }

    @Test
    void clientsOwnConditionalRequestIsAnswered304FromAFreshEntry() throws Exception {
        MutableClock clock = new MutableClock();
        try (Backend backend = CachingProxies.backend(clock, seen -> Backend.Reply.text(200, "representation").with("ETag", "\"abc\"")
                .with("Last-Modified", LAST_MODIFIED).with("Cache-Control", "max-age=60"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            client.GET(proxy.uri("/api/r"));

            ContentResponse notModified = client.newRequest(proxy.uri("/api/r"))
                    .headers(h -> h.put("If-None-Match", "\"abc\"")).send();
            assertEquals(304, notModified.getStatus());
            assertEquals(0, notModified.getContent().length);
            assertEquals("\"abc\"", notModified.getHeaders().get("ETag"));
            assertTrue(notModified.getHeaders().get("Cache-Status").startsWith("gatehouse; hit"),
                    notModified.getHeaders().get("Cache-Status"));

            ContentResponse sinceDate = client.newRequest(proxy.uri("/api/r"))
                    .headers(h -> h.put("If-Modified-Since", LAST_MODIFIED)).send();
            assertEquals(304, sinceDate.getStatus());

            ContentResponse otherTag = client.newRequest(proxy.uri("/api/r"))
                    .headers(h -> h.put("If-None-Match", "\"other\"")).send();
            assertEquals(200, otherTag.getStatus());
            assertEquals("representation", otherTag.getContentAsString());
            assertEquals(1, backend.requestCount(), "all three answered from the store");
        }
    }

    @Test
    void clientsValidatorsAreReplacedByTheCachesWhenItRevalidates() throws Exception {
        MutableClock clock = new MutableClock();
        try (Backend backend = CachingProxies.backend(clock, seen -> "\"v1\"".equals(seen.header("If-None-Match"))
                ? new Backend.Reply(304, Map.of("ETag", "\"v1\"", "Cache-Control", "max-age=10"), new byte[0])
                : Backend.Reply.text(200, "v1").with("ETag", "\"v1\"").with("Cache-Control", "max-age=10"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            client.GET(proxy.uri("/api/doc"));
            backend.take();
            clock.advance(Duration.ofSeconds(11));

            ContentResponse response = client.newRequest(proxy.uri("/api/doc"))
                    .headers(h -> h.put("If-None-Match", "\"v1\"")).send();
            assertEquals("\"v1\"", backend.take().header("If-None-Match"));
            assertEquals(304, response.getStatus(), "the client's validator matches the revalidated entry");
        }
    }

    @Test
    void requestNoCacheRevalidatesAFreshEntry() throws Exception {
        MutableClock clock = new MutableClock();
        try (Backend backend = CachingProxies.backend(clock, seen -> "\"v1\"".equals(seen.header("If-None-Match"))
                ? new Backend.Reply(304, Map.of("ETag", "\"v1\"", "Cache-Control", "max-age=60"), new byte[0])
                : Backend.Reply.text(200, "v1").with("ETag", "\"v1\"").with("Cache-Control", "max-age=60"));
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", CachingProxies.config(backend,
                     CachingProxies.cache(clock), CachePolicy.rfc9111()))) {
            client.GET(proxy.uri("/api/doc"));
            ContentResponse response = client.newRequest(proxy.uri("/api/doc"))
                    .headers(h -> h.put("Cache-Control", "no-cache")).send();
            assertEquals("v1", response.getContentAsString());
            assertTrue(response.getHeaders().get("Cache-Status").startsWith("gatehouse; fwd=request; fwd-status=304"),
                    response.getHeaders().get("Cache-Status"));
            assertEquals(2, backend.requestCount());
        }
    }
}

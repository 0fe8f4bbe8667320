package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.balancing.SessionAffinity;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.junit.jupiter.api.Test;

/**
 * Cookie session affinity through the proxy: the first response sets an opaque cookie naming its
 * upstream, later requests carrying it go to that upstream while it is available, and when it
 * goes away they are served by another one, whose cookie the response sets instead.
 */
class SessionAffinityTest {

    @Test
    void requestsFollowTheCookieWhileTheirUpstreamIsUpAndFallBackWhenItIsNot() throws Exception {
        HttpClient browser = new HttpClient();
        browser.setHttpCookieStore(new HttpCookieStore.Empty());
        browser.start();
        Map<String, Backend> backends = new HashMap<>();
        try (Backend a = Backend.ok("a");
             Backend b = Backend.ok("b");
             Backend c = Backend.ok("c");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g
                             .upstream(a.uri().toString(), u -> u.id("a"))
                             .upstream(b.uri().toString(), u -> u.id("b"))
                             .upstream(c.uri().toString(), u -> u.id("c"))
                             .sessionAffinity(SessionAffinity.cookie("GH_AFFINITY"))
                             .outlierDetection(o -> o.consecutiveFailures(1)))
                     .route("all", r -> r.to("g"))
                     .build())) {
            backends.put("a", a);
            backends.put("b", b);
            backends.put("c", c);

            ContentResponse first = browser.GET(proxy.uri("/api/login"));
            assertEquals(200, first.getStatus());
            String pinned = first.getContentAsString();
            String setCookie = first.getHeaders().get("Set-Cookie");
            assertNotNull(setCookie, "the first response pins the client");
            assertTrue(setCookie.startsWith("GH_AFFINITY=") && setCookie.contains("; Path=/") && setCookie.contains("HttpOnly"),
                    setCookie);
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            assertFalse(setCookie.contains("127.0.0.1") || setCookie.contains(String.valueOf(backends.get(pinned).port())),
                    "the value is opaque: " + setCookie);

            for (int i = 0; i < 20; i++) {
                ContentResponse next = browser.newRequest(proxy.uri("/api/page/" + i)).headers(h -> h.put("Cookie", cookie)).send();
                assertEquals(pinned, next.getContentAsString(), "request " + i + " follows the cookie");
                assertNull(next.getHeaders().get("Set-Cookie"), "the cookie already names the upstream");
            }
            ContentResponse other = browser.GET(proxy.uri("/api/anonymous"));
            assertNotNull(other.getHeaders().get("Set-Cookie"), "a client without the cookie is balanced and pinned anew");

            backends.get(pinned).stop();
            ContentResponse fallback = browser.newRequest(proxy.uri("/api/page/after")).headers(h -> h.put("Cookie", cookie)).send();
            assertEquals(200, fallback.getStatus(), fallback.getContentAsString());
            String newHome = fallback.getContentAsString();
            assertNotEquals(pinned, newHome, "served by another upstream");
            String newSetCookie = fallback.getHeaders().get("Set-Cookie");
            assertNotNull(newSetCookie, "the response pins the client to its new upstream");
            String newCookie = newSetCookie.substring(0, newSetCookie.indexOf(';'));
            assertNotEquals(cookie, newCookie);

            for (int i = 0; i < 10; i++) {
                ContentResponse next = browser.newRequest(proxy.uri("/api/page/new/" + i)).headers(h -> h.put("Cookie", newCookie)).send();
                assertEquals(newHome, next.getContentAsString(), "request " + i + " follows the new cookie");
            }
            ContentResponse stale = browser.newRequest(proxy.uri("/api/page/old")).headers(h -> h.put("Cookie", cookie)).send();
            assertEquals(200, stale.getStatus());
            assertNotEquals(pinned, stale.getContentAsString(), "the old cookie's upstream is still away");
        } finally {
            browser.stop();
        }
    }
}

package io.gatehouse.proxy.balancing;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Upstream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionAffinityTest {

    private static final List<Upstream> UPSTREAMS = ProxyConfig.builder().upstreamGroup("g", g -> g
                    .upstream("http://10.1.2.3:8080").upstream("http://10.1.2.4:8080"))
            .build().upstreamGroup("g").upstreams();

    @Test
    void theValueIsOpaqueStableAndDistinctPerUpstreamAndGroup() {
        SessionAffinity affinity = SessionAffinity.cookie();
        String first = affinity.cookieValue("g", UPSTREAMS.get(0));

        assertEquals(first, SessionAffinity.cookie("other").cookieValue("g", UPSTREAMS.get(0)));
        assertNotEquals(first, affinity.cookieValue("g", UPSTREAMS.get(1)));
        assertNotEquals(first, affinity.cookieValue("h", UPSTREAMS.get(0)));
        assertFalse(first.contains("10.1.2.3"));
        assertTrue(first.matches("[A-Za-z0-9_-]{16}"), first);
    }

    @Test
    void setCookieCarriesPathMaxAgeAndSecurity() {
        SessionAffinity affinity = SessionAffinity.cookie("pin").path("/app").maxAge(Duration.ofHours(1));

        assertEquals("pin=v; Path=/app; Max-Age=3600; HttpOnly; SameSite=Lax", affinity.setCookie("v", get("/")));
        assertEquals("pin=v; Path=/app; Max-Age=3600; HttpOnly; SameSite=Lax; Secure",
                affinity.setCookie("v", get("/").scheme("https")));
    }

    @Test
    void invalidOptionsAreRejected() {
        assertEquals("cookie name: 'a;b' (expected: a token such as 'X-User-Id')",
                assertThrows(IllegalArgumentException.class, () -> SessionAffinity.cookie("a;b")).getMessage());
        assertEquals("path: 'app' (expected: a path starting with '/', without ';')",
                assertThrows(IllegalArgumentException.class, () -> SessionAffinity.cookie().path("app")).getMessage());
        assertEquals("maxAge: PT0S (expected: a positive duration)",
                assertThrows(IllegalArgumentException.class, () -> SessionAffinity.cookie().maxAge(Duration.ZERO)).getMessage());
    }
}

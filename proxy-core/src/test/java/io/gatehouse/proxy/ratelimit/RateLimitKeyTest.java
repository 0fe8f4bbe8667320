package io.gatehouse.proxy.ratelimit;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static io.gatehouse.proxy.ratelimit.Fixtures.ROUTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RateLimitKeyTest {

    @Test
    void clientAddressKeysIpv4ByAddressAndIpv6BySlash64() {
        RateLimitKey key = RateLimitKey.clientAddress();
        assertEquals("192.0.2.1", key.of(get("/").remoteAddress("192.0.2.1"), ROUTE));
        assertEquals("2001:db8:1:2::/64", key.of(get("/").remoteAddress("2001:DB8:1:2:3:4:5:6"), ROUTE));
        assertEquals("192.0.2.1", key.of(get("/").remoteAddress("::ffff:192.0.2.1"), ROUTE));
        assertEquals("unix:x", key.of(get("/").remoteAddress("unix:x"), ROUTE));
    }

    @Test
    void clientNetworkKeepsTheGivenPrefixes() {
        RateLimitKey key = RateLimitKey.clientNetwork(24, 48);
        assertEquals("192.0.2.0/24", key.of(get("/").remoteAddress("192.0.2.77"), ROUTE));
        assertEquals("2001:db8:1::/48", key.of(get("/").remoteAddress("2001:db8:1:2::9"), ROUTE));
        assertEquals("2001:db8:1:2::9", RateLimitKey.clientNetwork(32, 128).of(get("/").remoteAddress("2001:db8:1:2::9"), ROUTE));
        assertThrows(IllegalArgumentException.class, () -> RateLimitKey.clientNetwork(33, 64));
        assertThrows(IllegalArgumentException.class, () -> RateLimitKey.clientNetwork(32, -1));
    }

    @Test
    void headerKeyFallsBackToTheClientWhenAbsentOrTooLong() {
        RateLimitKey key = RateLimitKey.header("X-API-Key");
        assertEquals("h:abc", key.of(get("/").header("X-API-Key", "abc"), ROUTE));
        assertEquals("192.0.2.1", key.of(get("/"), ROUTE));
        assertEquals("192.0.2.1", key.of(get("/").header("X-API-Key", "k".repeat(257)), ROUTE));
        assertThrows(IllegalArgumentException.class, () -> RateLimitKey.header("X API"));
    }

    @Test
    void routeAndGlobalKeys() {
        assertEquals("r:r", RateLimitKey.route().of(get("/"), ROUTE));
        assertEquals("*", RateLimitKey.global().of(get("/a"), ROUTE));
        assertNull(RateLimitKey.of(r -> null).of(get("/"), ROUTE));
    }
}

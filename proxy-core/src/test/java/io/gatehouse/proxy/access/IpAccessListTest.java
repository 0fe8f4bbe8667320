package io.gatehouse.proxy.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpAccessListTest {

    private static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }

    @Test
    void openListPermitsEveryone() {
        assertTrue(IpAccessList.open().permits(ip("203.0.113.9")));
        assertTrue(IpAccessList.open().permits(null));
        assertSame(IpAccessList.open(), IpAccessList.of(CidrSet.empty(), CidrSet.empty()));
    }

    @Test
    void allowListPermitsOnlyItsRanges() {
        IpAccessList list = IpAccessList.of(CidrSet.of("10.0.0.0/8", "2001:db8::/32"), CidrSet.empty());
        assertTrue(list.permits(ip("10.1.2.3")));
        assertTrue(list.permits(ip("2001:db8::7")));
        assertFalse(list.permits(ip("203.0.113.9")));
        assertFalse(list.permits(null));
    }

    @Test
    void denyWinsOverAllow() {
        IpAccessList list = IpAccessList.of(CidrSet.of("10.0.0.0/8"), CidrSet.of("10.6.6.0/24"));
        assertTrue(list.permits(ip("10.1.2.3")));
        assertFalse(list.permits(ip("10.6.6.6")));
    }

    @Test
    void denyListAloneLetsTheRestThrough() {
        IpAccessList list = IpAccessList.of(CidrSet.empty(), CidrSet.of("198.51.100.0/24"));
        assertFalse(list.permits(ip("198.51.100.20")));
        assertTrue(list.permits(ip("203.0.113.9")));
        assertTrue(list.permits(null));
    }
}

package io.gatehouse.proxy.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void ipv4RangeHoldsItsAddressesOnly() {
        Cidr cidr = Cidr.parse("10.0.0.0/8");
        assertTrue(cidr.contains("10.0.0.0"));
        assertTrue(cidr.contains("10.255.255.255"));
        assertFalse(cidr.contains("11.0.0.0"));
        assertFalse(cidr.contains("9.255.255.255"));
        assertTrue(cidr.contains("::ffff:10.1.2.3"));
        assertFalse(cidr.contains("::a01:203"));
        assertFalse(cidr.contains("not an address"));
    }

    @Test
    void ipv6RangeHoldsItsAddressesOnly() {
        Cidr cidr = Cidr.parse("2001:db8::/32");
        assertTrue(cidr.contains("2001:db8::1"));
        assertTrue(cidr.contains("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertFalse(cidr.contains("2001:db9::"));
        assertFalse(cidr.contains("10.0.0.1"));
    }

    @Test
    void prefixesAtTheEdges() {
        assertTrue(Cidr.parse("0.0.0.0/0").contains("203.0.113.9"));
        assertFalse(Cidr.parse("0.0.0.0/0").contains("::1"));
        assertTrue(Cidr.parse("::/0").contains("::1"));
        assertFalse(Cidr.parse("::/0").contains("203.0.113.9"));
        assertTrue(Cidr.parse("192.0.2.7").contains("192.0.2.7"));
        assertFalse(Cidr.parse("192.0.2.7").contains("192.0.2.6"));
        assertEquals("192.0.2.7/32", Cidr.parse("192.0.2.7").toString());
        assertEquals("::1/128", Cidr.parse("::1").toString());
        assertTrue(Cidr.parse("2001:db8::/65").contains("2001:db8:0:0:7fff::"));
        assertFalse(Cidr.parse("2001:db8::/65").contains("2001:db8:0:0:8000::"));
    }

    @Test
    void mappedRangeIsTheIpv4Range() {
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("::ffff:10.0.0.0/104"));
        assertEquals(Cidr.parse("192.0.2.1/32"), Cidr.parse("::ffff:192.0.2.1"));
    }

    @Test
    void parseIsTolerantOfSurroundingSpacesOnly() {
        assertEquals("10.0.0.0/8", Cidr.parse(" 10.0.0.0/8 ").toString());
    }

    @Test
    void hostBitsAreRefusedWithTheNetworkToWrite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.1/8"));
        assertEquals("cidr: '10.0.0.1/8' has bits set after the /8 prefix (expected: the network address, 10.0.0.0/8)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("2001:db8::1/32"));
        assertEquals("cidr: '2001:db8::1/32' has bits set after the /32 prefix (expected: the network address,"
                + " 2001:db8::/32)", e.getMessage());
    }

    @Test
    void badPrefixesAndAddressesAreRefusedByName() {
        assertEquals("cidr: '10.0.0.0/33' has prefix length '33' (expected: 0-32)",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33")).getMessage());
        assertEquals("cidr: '::/129' has prefix length '129' (expected: 0-128)",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("::/129")).getMessage());
        assertEquals("cidr: '10.0.0.0/' has prefix length '' (expected: 0-32)",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/")).getMessage());
        assertEquals("cidr: '10.0.0.0/-1' has prefix length '-1' (expected: 0-32)",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/-1")).getMessage());
        assertEquals("cidr: 'intranet' is not an IP range (expected: an IPv4 or IPv6 address with an optional /prefix,"
                + " e.g. 10.0.0.0/8, 192.0.2.7 or 2001:db8::/32)",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("intranet")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/8/8"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("::ffff:0:0/80"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(null));
    }
}

package io.gatehouse.proxy.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CidrTest {

    @ParameterizedTest(name = "{1} in {0}: {2}")
    @CsvSource({
            "10.0.0.0/8,        10.1.2.3,            true",
            "10.0.0.0/8,        11.0.0.1,            false",
            "192.168.1.0/24,    192.168.1.255,       true",
            "192.168.1.0/24,    192.168.2.0,         false",
            "192.168.1.77/24,   192.168.1.3,         true",
            "0.0.0.0/0,         203.0.113.9,         true",
            "203.0.113.9,       203.0.113.9,         true",
            "203.0.113.9/32,    203.0.113.8,         false",
            "10.0.0.0/9,        10.127.255.255,      true",
            "10.0.0.0/9,        10.128.0.0,          false",
            "2001:db8::/32,     2001:db8:1::5,       true",
            "2001:db8::/32,     2001:db9::5,         false",
            "2001:db8::/32,     [2001:db8::1],       true",
            "fe80::/10,         fe80::1%eth0,        true",
            "::1/128,           ::1,                 true",
            "::/0,              2001:db8::1,         true",
            "10.0.0.0/8,        ::ffff:10.9.8.7,     true",
            "10.0.0.0/8,        2001:db8::1,         false",
            "2001:db8::/32,     10.0.0.1,            false",
            "64:ff9b::/96,      64:ff9b::192.0.2.1,  true",
            "10.0.0.0/8,        localhost,           false",
            "10.0.0.0/8,        10.0.0,              false",
            "10.0.0.0/8,        10.0.0.256,          false",
    })
    void matchesAddressesInItsNetwork(String network, String address, boolean expected) {
        assertEquals(expected, Cidr.parse(network).contains(address));
    }

    @Test
    void invalidNetworksAreRejectedWithWhatWasExpected() {
        assertEquals("network: '10.0.0.0/33' (expected: a prefix length 0-32)",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33")).getMessage());
        assertEquals("network: 'example.com/8' (expected: CIDR such as '10.0.0.0/8' or '2001:db8::/32')",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/8")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("1::2::3/64"));
    }

    @Test
    void malformedAddressesAreNoAddress() {
        assertNull(Cidr.parseAddress("1:2:3:4:5:6:7:8:9"));
        assertNull(Cidr.parseAddress("12345::1"));
        assertNull(Cidr.parseAddress(""));
        assertTrue(Cidr.parseAddress("1:2:3:4:5:6:7:8").length == 16);
        assertFalse(Cidr.parse("::/0").contains((String) null));
    }
}

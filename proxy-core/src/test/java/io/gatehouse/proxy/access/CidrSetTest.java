package io.gatehouse.proxy.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CidrSetTest {

    @Test
    void emptySetHoldsNothing() {
        assertTrue(CidrSet.empty().isEmpty());
        assertFalse(CidrSet.empty().contains("10.0.0.1"));
        assertFalse(CidrSet.empty().contains("::1"));
        assertTrue(CidrSet.of().isEmpty());
    }

    @Test
    void mixedFamiliesAreSearchedApart() {
        CidrSet set = CidrSet.of("10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32", "::1");
        assertTrue(set.contains("10.20.30.40"));
        assertTrue(set.contains("192.168.255.1"));
        assertTrue(set.contains("2001:db8:1::1"));
        assertTrue(set.contains("::1"));
        assertFalse(set.contains("172.16.0.1"));
        assertFalse(set.contains("::2"));
        assertFalse(set.contains("0.0.0.1"));
        assertFalse(set.contains("garbage"));
    }

    @Test
    void overlappingAndAdjacentRangesMerge() {
        CidrSet set = CidrSet.of("10.0.0.0/24", "10.0.1.0/24", "10.0.0.128/25", "10.0.3.0/24", "255.255.255.255");
        assertTrue(set.contains("10.0.0.0"));
        assertTrue(set.contains("10.0.1.255"));
        assertFalse(set.contains("10.0.2.0"));
        assertTrue(set.contains("10.0.3.7"));
        assertTrue(set.contains("255.255.255.255"));
        assertEquals(5, set.cidrs().size());
    }

    @Test
    void ipv6RangesAcrossTheHalfwayBitAndTheTopCompareUnsigned() {
        CidrSet set = CidrSet.of("8000::/1", "::/1", "ffff:ffff:ffff:ffff::/64");
        assertTrue(set.contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertTrue(set.contains("7fff::"));
        assertTrue(set.contains("8000::"));
        CidrSet upper = CidrSet.of("2001:db8:0:0:8000::/65");
        assertTrue(upper.contains("2001:db8::ffff:ffff:ffff:ffff"));
        assertFalse(upper.contains("2001:db8::7fff:ffff:ffff:ffff"));
        assertFalse(upper.contains("2001:db8:0:1::"));
    }

    @Test
    void agreesWithCheckingEveryRangeOnRandomData() {
        Random random = new Random(11);
        List<Cidr> cidrs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            IpAddress address = i % 2 == 0
                    ? IpAddress.parse((random.nextInt(4) + 10) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                            + random.nextInt(256))
                    : IpAddress.parse("2001:db8:" + Integer.toHexString(random.nextInt(4)) + ":" + Integer.toHexString(random.nextInt(65536))
                            + "::" + Integer.toHexString(random.nextInt(65536)));
            int prefix = address.isIpv4() ? 8 + random.nextInt(25) : 36 + random.nextInt(93);
            cidrs.add(Cidr.parse(address.mask(prefix) + "/" + prefix));
        }
        CidrSet set = CidrSet.of(cidrs);
        for (int i = 0; i < 20_000; i++) {
            IpAddress probe = i % 2 == 0
                    ? IpAddress.parse((random.nextInt(5) + 9) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                            + random.nextInt(256))
                    : IpAddress.parse("2001:db8:" + Integer.toHexString(random.nextInt(5)) + ":" + Integer.toHexString(random.nextInt(65536))
                            + "::" + Integer.toHexString(random.nextInt(65536)));
            boolean expected = cidrs.stream().anyMatch(c -> c.contains(probe));
            assertEquals(expected, set.contains(probe), probe.toString());
        }
    }

    @Test
    void invalidEntryIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CidrSet.of("10.0.0.0/8", "10.0.0.0/40"));
        assertEquals("cidr: '10.0.0.0/40' has prefix length '40' (expected: 0-32)", e.getMessage());
    }
}

package io.gatehouse.proxy.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest
    @CsvSource({
        "192.0.2.1, 192.0.2.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "::, ::",
        "::1, ::1",
        "[::1], ::1",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "2001:db8::0:1, 2001:db8::1",
        "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "fe80::1%eth0, fe80::1",
        "1::, 1::",
        "::ffff:192.0.2.1, 192.0.2.1",
        "::FFFF:c000:0201, 192.0.2.1",
        "[::ffff:10.1.2.3], 10.1.2.3",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
        "::1.2.3.4, ::102:304"})
    void parsesLiteralsToCanonicalText(String literal, String canonical) {
        assertEquals(canonical, IpAddress.parse(literal).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-1", "01.2.3.4", "1.2.3.04", "1..3.4",
        "1.2.3.4 ", " 1.2.3.4", "1.2.3.4/8", "1.2.3.4:80", "localhost", "example.com", "0x7f.0.0.1", "2130706433",
        ":", ":::", "1:", ":1", "1:::2", "1::2::3", "12345::", "g::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8::", "::1.2.3", "::1.2.3.256", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%", "[1.2.3.4]", "[::1",
        "::1]", "\uff11.2.3.4", "１::"})
    void refusesEverythingElseWithoutDns(String text) {
        assertNull(IpAddress.tryParse(text), text);
    }

    @Test
    void parseNamesTheValueAndTheExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("localhost"));
        assertEquals("address: 'localhost' is not an IP address (expected: an IPv4 or IPv6 literal such as 192.0.2.1"
                + " or 2001:db8::1)", e.getMessage());
    }

    @Test
    void ipv4MappedAddressesAreIpv4() {
        assertTrue(IpAddress.parse("::ffff:192.0.2.1").isIpv4());
        assertEquals(IpAddress.parse("192.0.2.1"), IpAddress.parse("::ffff:192.0.2.1"));
        assertFalse(IpAddress.parse("::192.0.2.1").isIpv4());
    }

    @Test
    void maskKeepsTheNetwork() {
        assertEquals("10.1.0.0", IpAddress.parse("10.1.2.3").mask(16).toString());
        assertEquals("0.0.0.0", IpAddress.parse("10.1.2.3").mask(0).toString());
        assertEquals("2001:db8:1:2::", IpAddress.parse("2001:db8:1:2:3:4:5:6").mask(64).toString());
        assertEquals("2001:db8:1:2:3::", IpAddress.parse("2001:db8:1:2:3:4:5:6").mask(80).toString());
        assertEquals("2001:d00::", IpAddress.parse("2001:db8::1").mask(24).toString());
        assertEquals("::", IpAddress.parse("2001:db8::1").mask(0).toString());
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("10.0.0.1").mask(33));
    }

    @Test
    void agreesWithTheJdkOnRandomIpv6Addresses() throws Exception {
        Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            if (i % 3 == 0) {
                for (int z = 2 + random.nextInt(6); z < 8 + random.nextInt(8) && z < 16; z++) {
                    bytes[z] = 0;
                }
            }
            InetAddress jdk = InetAddress.getByAddress(bytes);
            String text = jdk.getHostAddress();
            IpAddress ours = IpAddress.parse(text);
            assertEquals(ours, IpAddress.parse(ours.toString()), text);
            if (!ours.isIpv4()) {
                assertEquals(jdk, InetAddress.getByName(ours.toString()), text);
            }
        }
    }
}

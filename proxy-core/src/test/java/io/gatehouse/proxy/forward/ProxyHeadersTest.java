package io.gatehouse.proxy.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyHeadersTest {

    @Test
    void forwardedElementNamesClientHostAndProto() {
        // RFC 7239 §4: forwarded-pair *( ";" forwarded-pair )
        assertEquals("for=192.0.2.1;host=example.com;proto=https",
                ProxyHeaders.forwardedElement("192.0.2.1", "example.com", "https"));
    }

    @Test
    void ipv6ClientIsBracketedAndQuoted() {
        // RFC 7239 §6: an IPv6 address is enclosed in brackets, which makes it a quoted-string
        assertEquals("for=\"[2001:db8::1]\";proto=http", ProxyHeaders.forwardedElement("2001:db8::1", null, "http"));
        assertEquals("for=\"[2001:db8::1]\";proto=http", ProxyHeaders.forwardedElement("[2001:db8::1]", null, "http"));
    }

    @Test
    void hostWithPortIsQuoted() {
        // RFC 7239 §4: ':' is not a tchar, so the value must be a quoted-string
        assertEquals("for=192.0.2.1;host=\"example.com:8443\";proto=https",
                ProxyHeaders.forwardedElement("192.0.2.1", "example.com:8443", "https"));
    }

    @Test
    void missingHostIsLeftOut() {
        assertEquals("for=192.0.2.1;proto=http", ProxyHeaders.forwardedElement("192.0.2.1", null, "http"));
        assertEquals("for=192.0.2.1;proto=http", ProxyHeaders.forwardedElement("192.0.2.1", "", "http"));
    }

    @Test
    void quotedStringEscapesQuotesAndBackslashesAndDropsControls() {
        assertEquals("for=192.0.2.1;host=\"a\\\"b\\\\c d\";proto=http",
                ProxyHeaders.forwardedElement("192.0.2.1", "a\"b\\c\r\n d", "http"));
    }

    @Test
    void forwardedIsAppendedToExistingValues() {
        String element = ProxyHeaders.forwardedElement("192.0.2.1", "example.com", "https");

        assertEquals(element, ProxyHeaders.appendForwarded(List.of(), element));
        assertEquals("for=198.51.100.17, for=203.0.113.9;proto=https, " + element,
                ProxyHeaders.appendForwarded(List.of(" for=198.51.100.17 ", "for=203.0.113.9;proto=https"), element));
        assertEquals("for=198.51.100.17, " + element,
                ProxyHeaders.appendForwarded(List.of("", "for=198.51.100.17", "  "), element));
    }

    @Test
    void xForwardedForIsAppendedTo() {
        assertEquals("192.0.2.1", ProxyHeaders.appendXForwardedFor(List.of(), "192.0.2.1"));
        assertEquals("203.0.113.195, 70.41.3.18, 192.0.2.1",
                ProxyHeaders.appendXForwardedFor(List.of("203.0.113.195, 70.41.3.18"), "192.0.2.1"));
        assertEquals("203.0.113.195, 70.41.3.18, 2001:db8::1",
                ProxyHeaders.appendXForwardedFor(List.of("203.0.113.195", "70.41.3.18"), "2001:db8::1"));
    }

    @Test
    void viaNamesTheProtocolVersionAndPseudonym() {
        // RFC 9110 §7.6.3: received-protocol is the version alone when the protocol is HTTP
        assertEquals("1.1 gatehouse", ProxyHeaders.appendVia(List.of(), "HTTP/1.1", "gatehouse"));
        assertEquals("1.0 fred, 1.1 p.example.net, 1.1 gatehouse",
                ProxyHeaders.appendVia(List.of("1.0 fred, 1.1 p.example.net"), "HTTP/1.1", "gatehouse"));
    }

    @Test
    void xForwardedProtoHostPortAndPrefixAreReplacedByTheProxy() {
        assertTrue(ProxyHeaders.isReplacedByProxy("x-forwarded-proto"));
        assertTrue(ProxyHeaders.isReplacedByProxy("x-forwarded-host"));
        assertTrue(ProxyHeaders.isReplacedByProxy("x-forwarded-port"));
        assertTrue(ProxyHeaders.isReplacedByProxy("x-forwarded-prefix"));
    }

    @Test
    void appendedAndOrdinaryHeadersAreNotReplaced() {
        assertFalse(ProxyHeaders.isReplacedByProxy("x-forwarded-for"));
        assertFalse(ProxyHeaders.isReplacedByProxy("forwarded"));
        assertFalse(ProxyHeaders.isReplacedByProxy("via"));
        assertFalse(ProxyHeaders.isReplacedByProxy("host"));
        assertFalse(ProxyHeaders.isReplacedByProxy("accept"));
    }
}

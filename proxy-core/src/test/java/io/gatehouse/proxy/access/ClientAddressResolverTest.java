package io.gatehouse.proxy.access;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.FakeRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private static final ClientAddressResolver BEHIND_LB =
            ClientAddressResolver.of(CidrSet.of("10.0.0.0/8", "2001:db8:ffff::/48"), ForwardedHeader.X_FORWARDED_FOR);
    private static final ClientAddressResolver BEHIND_RFC7239_PROXY =
            ClientAddressResolver.of(CidrSet.of("10.0.0.0/8"), ForwardedHeader.FORWARDED);

    private static FakeRequest from(String peer) {
        return get("/").remoteAddress(peer);
    }

    @Test
    void untrustedPeerIsTheClientWhateverItsHeadersSay() {
        Client client = BEHIND_LB.resolve(from("203.0.113.9")
                .header("X-Forwarded-For", "127.0.0.1")
                .header("Forwarded", "for=127.0.0.1"));

        assertEquals("203.0.113.9", client.address());
        assertFalse(client.peerTrusted());
        assertEquals("203.0.113.9", client.peerAddress());
    }

    @Test
    void withoutTrustedProxiesThePeerIsAlwaysTheClient() {
        Client client = ClientAddressResolver.socketPeerOnly().resolve(from("10.0.0.1").header("X-Forwarded-For", "198.51.100.1"));

        assertEquals("10.0.0.1", client.address());
        assertFalse(client.peerTrusted());
        assertSame(ClientAddressResolver.socketPeerOnly(),
                ClientAddressResolver.of(CidrSet.empty(), ForwardedHeader.FORWARDED));
    }

    @Test
    void trustedPeerYieldsTheRightMostUntrustedAddress() {
        Client client = BEHIND_LB.resolve(from("10.0.0.2").header("X-Forwarded-For", "198.51.100.7, 203.0.113.9, 10.0.0.5"));

        assertEquals("203.0.113.9", client.address());
        assertTrue(client.peerTrusted());
        assertEquals("10.0.0.2", client.peerAddress());
    }

    @Test
    void spoofedLeftEntriesAreIgnoredBehindATrustedProxy() {
        // the client sent "X-Forwarded-For: 10.0.0.99" hoping to look internal; the balancer appended its real address
        Client client = BEHIND_LB.resolve(from("10.0.0.2").header("X-Forwarded-For", "10.0.0.99, 203.0.113.9"));

        assertEquals("203.0.113.9", client.address());
    }

    @Test
    void severalFieldLinesAreOneListInOrder() {
        Client client = BEHIND_LB.resolve(from("10.0.0.2")
                .header("X-Forwarded-For", "198.51.100.7")
                .header("X-Forwarded-For", "203.0.113.9,10.0.0.3"));

        assertEquals("203.0.113.9", client.address());
    }

    @Test
    void allTrustedChainYieldsItsLeftMostAddress() {
        Client client = BEHIND_LB.resolve(from("10.0.0.2").header("X-Forwarded-For", "10.1.1.1, 10.0.0.3"));

        assertEquals("10.1.1.1", client.address());
    }

    @Test
    void trustedPeerWithoutTheHeaderIsTheClient() {
        Client client = BEHIND_LB.resolve(from("10.0.0.2"));

        assertEquals("10.0.0.2", client.address());
        assertTrue(client.peerTrusted());
    }

    @Test
    void entryThatIsNotAnAddressStopsTheWalkAtTheHopThatWroteIt() {
        assertEquals("10.0.0.3", BEHIND_LB.resolve(from("10.0.0.2")
                .header("X-Forwarded-For", "203.0.113.9, unknown, 10.0.0.3")).address());
        assertEquals("10.0.0.2", BEHIND_LB.resolve(from("10.0.0.2")
                .header("X-Forwarded-For", "203.0.113.9, ")).address());
        assertEquals("10.0.0.2", BEHIND_LB.resolve(from("10.0.0.2")
                .header("X-Forwarded-For", "203.0.113.9, evil.example")).address());
    }

    @Test
    void portsBracketsAndIpv6SpellingsAreUnderstoodAndCanonical() {
        assertEquals("203.0.113.9", BEHIND_LB.resolve(from("10.0.0.2").header("X-Forwarded-For", "203.0.113.9:4711")).address());
        assertEquals("2001:db8::1", BEHIND_LB.resolve(from("10.0.0.2")
                .header("X-Forwarded-For", "[2001:DB8:0::1]:4711")).address());
        assertEquals("2001:db8::1", BEHIND_LB.resolve(from("2001:db8:ffff::2")
                .header("X-Forwarded-For", "2001:db8:0:0::1")).address());
        assertEquals("2001:db8::1", BEHIND_LB.resolve(from("[2001:db8:ffff::2]")
                .header("X-Forwarded-For", "2001:db8::1")).address());
        assertEquals("192.0.2.1", BEHIND_LB.resolve(from("::ffff:10.0.0.2")
                .header("X-Forwarded-For", "::ffff:192.0.2.1")).address());
    }

    @Test
    void forwardedHeaderIsParsedAsRfc7239Elements() {
        Client client = BEHIND_RFC7239_PROXY.resolve(from("10.0.0.2")
                .header("Forwarded", "for=198.51.100.7;proto=https, for=\"[2001:db8::9]:4711\";host=\"a,b;c\", For=203.0.113.9"));

        assertEquals("203.0.113.9", client.address());
        assertEquals("2001:db8::9", BEHIND_RFC7239_PROXY.resolve(from("10.0.0.2")
                .header("Forwarded", "for=198.51.100.7, for=\"[2001:db8::9]:4711\";host=\"a,b;c\"")).address());
    }

    @Test
    void onlyTheConfiguredHeaderIsRead() {
        // behind an X-Forwarded-For proxy, a client-sent Forwarded header passes the proxy untouched: never read it
        assertEquals("203.0.113.9", BEHIND_LB.resolve(from("10.0.0.2")
                .header("X-Forwarded-For", "203.0.113.9").header("Forwarded", "for=10.0.0.77")).address());
        assertEquals("10.0.0.2", BEHIND_RFC7239_PROXY.resolve(from("10.0.0.2")
                .header("X-Forwarded-For", "203.0.113.9")).address());
    }

    @Test
    void forwardedElementsWithoutForOrWithObfuscatedNodesStopTheWalk() {
        assertEquals("10.0.0.2", BEHIND_RFC7239_PROXY.resolve(from("10.0.0.2")
                .header("Forwarded", "for=203.0.113.9, proto=https")).address());
        assertEquals("10.0.0.2", BEHIND_RFC7239_PROXY.resolve(from("10.0.0.2")
                .header("Forwarded", "for=203.0.113.9, for=_hidden")).address());
        assertEquals("10.0.0.2", BEHIND_RFC7239_PROXY.resolve(from("10.0.0.2")
                .header("Forwarded", "for=203.0.113.9, for=\"unterminated\\")).address());
    }

    @Test
    void forwardedForValuesKeepQuotedSeparators() {
        assertEquals(List.of("a", "\"x,y\"", ""), ClientAddressResolver.forwardedFor(List.of("for=a;by=b, for=\"x,y\", by=c")));
    }

    @Test
    void peerThatIsNotAnAddressIsKeptAsTextWithoutAnIp() {
        Client client = BEHIND_LB.resolve(from("unix:/tmp/socket").header("X-Forwarded-For", "203.0.113.9"));

        assertEquals("unix:/tmp/socket", client.address());
        assertNull(client.ip());
        assertFalse(client.peerTrusted());
    }

    @Test
    void nodeParsingRefusesPortsWhereTheyCannotBe() {
        assertNull(ClientAddressResolver.node("[2001:db8::1]x"));
        assertNull(ClientAddressResolver.node("203.0.113.9:http"));
        assertNull(ClientAddressResolver.node("[203.0.113.9]"));
        assertEquals(IpAddress.parse("2001:db8::1"), ClientAddressResolver.node(" \"[2001:db8::1]\" "));
    }
}

package io.gatehouse.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 9110 §7.6.1: connection-specific fields are not forwarded. */
class HopByHopTest {

    @Test
    void definedHopByHopHeadersAreListedInLowerCase() {
        assertEquals(Set.of("connection", "keep-alive", "proxy-connection", "te", "transfer-encoding", "upgrade",
                "trailer", "proxy-authenticate", "proxy-authorization"), HopByHop.HEADERS);
    }

    @Test
    void connectionTokensAreSplitTrimmedAndLowerCased() {
        assertEquals(Set.of("close", "x-foo", "x-bar", "keep-alive"),
                HopByHop.connectionTokens(List.of("close, X-Foo", " X-Bar ,,Keep-Alive ")));
    }

    @Test
    void oneConnectionValueGivesTheSameTokensAsTheList() {
        for (String value : List.of("keep-alive", "Keep-Alive", "close", "CLOSE", "close, X-Foo", " X-Bar ,,Keep-Alive ", "", " , ")) {
            assertEquals(HopByHop.connectionTokens(List.of(value)), HopByHop.connectionTokens(value), value);
        }
    }

    @Test
    void noConnectionHeaderGivesNoTokens() {
        assertEquals(Set.of(), HopByHop.connectionTokens(List.of()));
        assertEquals(Set.of(), HopByHop.connectionTokens(List.of("", " , ")));
    }

    @Test
    void headerIsHopByHopByDefinitionOrByConnection() {
        Set<String> tokens = HopByHop.connectionTokens(List.of("X-Foo"));

        assertTrue(HopByHop.isHopByHop("transfer-encoding", Set.of()));
        assertTrue(HopByHop.isHopByHop("upgrade", tokens));
        assertTrue(HopByHop.isHopByHop("x-foo", tokens));
        assertFalse(HopByHop.isHopByHop("x-foo", Set.of()));
        assertFalse(HopByHop.isHopByHop("content-type", tokens));
        assertFalse(HopByHop.isHopByHop("trailers", Set.of()));
    }
}

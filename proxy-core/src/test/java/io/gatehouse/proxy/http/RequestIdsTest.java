package io.gatehouse.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void generatedIdsAreUniqueAcceptableAndOfFixedLength() {
        Supplier<String> ids = RequestIds.generator(42, 7);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            String id = ids.get();
            assertEquals(26, id.length());
            assertTrue(RequestIds.isAcceptable(id), id);
            assertTrue(seen.add(id), "duplicate " + id);
        }
    }

    @Test
    void idsOfOneGeneratorShareTheirPrefixAndDoNotCountVisibly() {
        Supplier<String> ids = RequestIds.generator(42, 7);
        String first = ids.get();
        String second = ids.get();
        assertEquals(first.substring(0, 13), second.substring(0, 13));
        // consecutive counters are mixed, so the suffixes differ in more than the last character
        assertNotEquals(first.substring(13, 25), second.substring(13, 25));
    }

    @Test
    void generatorsWithDifferentPrefixesDoNotCollide() {
        assertNotEquals(RequestIds.generator(1, 7).get(), RequestIds.generator(2, 7).get());
        assertNotEquals(RequestIds.generator().get(), RequestIds.generator().get());
    }

    @Test
    void incomingIdsMustBeShortVisibleAndUnableToSplitAHeader() {
        assertTrue(RequestIds.isAcceptable("req-1234_abc.def:9/x+y=="));
        assertFalse(RequestIds.isAcceptable(null));
        assertFalse(RequestIds.isAcceptable(""));
        assertFalse(RequestIds.isAcceptable("a".repeat(RequestIds.MAX_LENGTH + 1)));
        assertTrue(RequestIds.isAcceptable("a".repeat(RequestIds.MAX_LENGTH)));
        assertFalse(RequestIds.isAcceptable("a\r\nX-Evil: 1"));
        assertFalse(RequestIds.isAcceptable("a b"));
        assertFalse(RequestIds.isAcceptable("a,b"));
        assertFalse(RequestIds.isAcceptable("a\"b"));
        assertFalse(RequestIds.isAcceptable("caf\u00e9"));
    }
}

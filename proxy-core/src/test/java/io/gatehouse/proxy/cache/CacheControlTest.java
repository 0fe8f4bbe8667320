package io.gatehouse.proxy.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CacheControlTest {

    @Test
    void directiveNamesAreCaseInsensitiveAndLinesCombine() {
        CacheControl cc = CacheControl.parse(List.of("Max-Age=60, PUBLIC", "s-maxage=30"));
        assertEquals(60, cc.maxAge);
        assertEquals(30, cc.sMaxAge);
        assertTrue(cc.isPublic);
    }

    @Test
    void firstOccurrenceOfARepeatedDirectiveCounts_rfc9111_4_2_1() {
        CacheControl cc = CacheControl.parse(List.of("max-age=10", "max-age=1000"));
        assertEquals(10, cc.maxAge);
    }

    @Test
    void quotedFieldNamesOfPrivateAndNoCacheAreParsed_rfc9111_5_2_2_4_and_5_2_2_7() {
        CacheControl cc = CacheControl.parse(List.of("private=\"Set-Cookie, X-User\", no-cache=\"X-Debug\", max-age=5"));
        assertEquals(Set.of("set-cookie", "x-user"), cc.privateFields);
        assertFalse(cc.privateUnqualified());
        assertEquals(Set.of("x-debug"), cc.noCacheFields);
        assertFalse(cc.noCacheUnqualified());
        assertEquals(5, cc.maxAge);
    }

    @Test
    void unqualifiedPrivateAndNoCache() {
        CacheControl cc = CacheControl.parse(List.of("private, no-cache"));
        assertTrue(cc.privateUnqualified());
        assertTrue(cc.noCacheUnqualified());
    }

    @Test
    void invalidDeltaSecondsIsMarkedInvalid_rfc9111_4_2_1() {
        assertEquals(CacheControl.INVALID, CacheControl.parse(List.of("max-age=abc")).maxAge);
        assertEquals(CacheControl.INVALID, CacheControl.parse(List.of("max-age=-5")).maxAge);
        assertEquals(CacheControl.INVALID, CacheControl.parse(List.of("max-age")).maxAge);
        // a quoted value is accepted by recipients (§5.2)
        assertEquals(7, CacheControl.parse(List.of("max-age=\"7\"")).maxAge);
    }

    @Test
    void hugeDeltaSecondsIsCappedAtTwoToTheThirtyFirst_rfc9111_1_2_2() {
        assertEquals(2147483648L, CacheControl.parse(List.of("max-age=99999999999999999999")).maxAge);
    }

    @Test
    void maxStaleWithoutValueAcceptsAnyStaleness_rfc9111_5_2_1_2() {
        assertEquals(CacheControl.MAX_DELTA, CacheControl.parse(List.of("max-stale")).maxStale);
        assertEquals(30, CacheControl.parse(List.of("max-stale=30")).maxStale);
    }

    @Test
    void requestAndExtensionDirectives() {
        CacheControl cc = CacheControl.parse(List.of("only-if-cached, min-fresh=5, no-store, x-ext=\"a,b\", stale-if-error=9"));
        assertTrue(cc.onlyIfCached);
        assertTrue(cc.noStore);
        assertEquals(5, cc.minFresh);
        assertEquals(9, cc.staleIfError);
    }

    @Test
    void absentHeaderHasNoDirectives() {
        CacheControl cc = CacheControl.parse(List.of());
        assertEquals(CacheControl.ABSENT, cc.maxAge);
        assertFalse(cc.noStore);
    }
}

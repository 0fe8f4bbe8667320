package io.gatehouse.proxy.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.FakeRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Secondary keys from Vary: RFC 9111 §4.1. */
class SecondaryKeyTest {

    @Test
    void varyFieldNamesAreLowerCasedDeduplicatedAndJoinedWithKeyHeaders() {
        assertEquals(List.of("accept-encoding", "accept-language", "x-tenant"),
                SecondaryKey.fields(List.of("Accept-Encoding, accept-language", "ACCEPT-ENCODING"), Set.of("x-tenant")));
    }

    @Test
    void varyStarIsRecognisedAnywhereInTheList() {
        assertSame(SecondaryKey.STAR, SecondaryKey.fields(List.of("Accept", " * "), Set.of()));
    }

    @Test
    void valuesAreNormalisedAcrossLinesAndWhitespace_rfc9111_4_1() {
        FakeRequest a = FakeRequest.get("/").header("Accept-Language", "en, fr").header("Accept-Language", "de");
        FakeRequest b = FakeRequest.get("/").header("Accept-Language", "en,fr ,  de");
        List<String> fields = List.of("accept-language");
        String[] stored = SecondaryKey.values(a, fields);
        assertArrayEquals(new String[] {"en,fr,de"}, stored);
        assertTrue(SecondaryKey.matches(b, fields, stored));
        assertTrue(SecondaryKey.matches(FakeRequest.get("/").header("Accept-Language", "en,fr,de"), fields, stored));
        assertFalse(SecondaryKey.matches(FakeRequest.get("/").header("Accept-Language", "en,fr,,de"), fields, new String[] {"en,fr,,de"}));
    }

    @Test
    void matchingWithoutNormalisingAgreesWithNormalising() {
        List<List<String>> cases = List.of(List.of("gzip, deflate, br"), List.of("gzip,deflate,br"), List.of("gzip", "deflate, br"),
                List.of(" gzip ,deflate,  br "), List.of("gzip, deflate"), List.of("gzip, deflate, br, zstd"), List.of(""),
                List.of(","), List.of("GZIP, Deflate, BR"), List.of("gzip,, deflate, br"));
        for (String field : List.of("accept-encoding", "accept-language")) {
            for (List<String> stored : cases) {
                String normal = SecondaryKey.normalise(field, stored);
                for (List<String> presented : cases) {
                    assertEquals(normal.equals(SecondaryKey.normalise(field, presented)),
                            SecondaryKey.sameValue(field, presented, normal), field + " " + stored + " vs " + presented);
                }
            }
        }
        assertTrue(SecondaryKey.sameValue("accept-language", List.of(), null));
        assertFalse(SecondaryKey.sameValue("accept-language", List.of("en"), null));
        assertFalse(SecondaryKey.sameValue("accept-language", List.of(), "en"));
    }

    @Test
    void acceptEncodingIsCaseInsensitive() {
        List<String> fields = List.of("accept-encoding");
        String[] stored = SecondaryKey.values(FakeRequest.get("/").header("Accept-Encoding", "GZIP"), fields);
        assertTrue(SecondaryKey.matches(FakeRequest.get("/").header("Accept-Encoding", "gzip"), fields, stored));
    }

    @Test
    void absentFieldOnlyMatchesAbsent() {
        List<String> fields = List.of("accept-language");
        String[] absent = SecondaryKey.values(FakeRequest.get("/"), fields);
        assertTrue(SecondaryKey.matches(FakeRequest.get("/"), fields, absent));
        assertFalse(SecondaryKey.matches(FakeRequest.get("/").header("Accept-Language", "en"), fields, absent));
        String[] en = SecondaryKey.values(FakeRequest.get("/").header("Accept-Language", "en"), fields);
        assertFalse(SecondaryKey.matches(FakeRequest.get("/"), fields, en));
    }
}

package io.gatehouse.proxy.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CacheStoreTest {

    private static StoredResponse response(String key, int bodyBytes) {
        return new StoredResponse(key, ResponseHead.of(200, "Cache-Control", "max-age=60"), new byte[bodyBytes], null,
                Requests.T0, Requests.T0, CachePolicy.rfc9111(), List.of(), new String[0]);
    }

    @Test
    void totalBytesStayUnderTheBound() {
        CacheStore store = new CacheStore(100_000, 8);
        for (int i = 0; i < 100; i++) {
            store.put(response("http://example.com/" + i, 10_000));
        }
        assertTrue(store.weightedSize() <= 100_000, "weighed " + store.weightedSize());
        assertTrue(store.size() < 10, "kept " + store.size());
    }

    @Test
    void weightCountsBodyAndHeaders() {
        StoredResponse r = response("http://example.com/a", 1000);
        assertTrue(r.weight > 1000 && r.weight < 2000, "weight " + r.weight);
    }

    @Test
    void variantsAreKeptPerSecondaryKeyUpToTheLimit() {
        CacheStore store = new CacheStore(1_000_000, 2);
        for (String lang : List.of("en", "fr", "de")) {
            store.put(new StoredResponse("http://example.com/a", ResponseHead.of(200, "Vary", "Accept-Language"),
                    new byte[1], null, Requests.T0, Requests.T0, CachePolicy.rfc9111(), List.of("accept-language"),
                    new String[] {lang}));
        }
        Variants v = store.get("http://example.com/a");
        assertEquals(2, v.responses.length);
        assertEquals("accept-language=de", v.responses[0].variant());
        assertEquals("accept-language=fr", v.responses[1].variant());
    }

    @Test
    void prefixInvalidationRemovesOnlyMatchingKeys() {
        CacheStore store = new CacheStore(1_000_000, 8);
        store.put(response("http://example.com/static/a", 1));
        store.put(response("http://example.com/static/b", 1));
        store.put(response("http://example.com/api", 1));
        assertEquals(2, store.invalidatePrefix("http://example.com/static/"));
        assertEquals(1, store.size());
    }
}

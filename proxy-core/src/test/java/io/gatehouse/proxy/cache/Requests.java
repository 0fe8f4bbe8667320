package io.gatehouse.proxy.cache;

import io.gatehouse.proxy.http.FakeRequest;
import java.util.List;

/** Shorthands for cache tests. */
final class Requests {

    static final long T0 = 1_700_000_000_000L;

    private Requests() {
    }

    static FakeRequest get(String path) {
        return FakeRequest.get(path);
    }

    /** A stored response as received at {@code responseTime} for a request sent 0 ms before. */
    static StoredResponse stored(ResponseHead head, long responseTime) {
        return new StoredResponse("http://example.com/", head, new byte[0], null, responseTime, responseTime,
                CachePolicy.rfc9111(), List.of(), new String[0]);
    }

    static CacheControl cc(String value) {
        return CacheControl.parse(value == null ? List.of() : List.of(value));
    }

    static String date(long millis) {
        return HttpDates.format(millis);
    }
}

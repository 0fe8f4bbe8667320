package io.gatehouse.proxy.cache;

import io.gatehouse.proxy.http.RequestView;
import java.util.Arrays;

/**
 * The responses stored for one primary key, newest first, one per secondary key (RFC 9111
 * §4.1). Immutable: adding returns a new instance, so the store swaps it in atomically.
 */
final class Variants {

    final StoredResponse[] responses;
    final int weight;

    private Variants(StoredResponse[] responses) {
        this.responses = responses;
        int w = 0;
        for (StoredResponse r : responses) {
            w += r.weight;
        }
        this.weight = w;
    }

    static Variants of(StoredResponse response) {
        return new Variants(new StoredResponse[] {response});
    }

    /**
     * §4.1: the most recent stored response whose secondary key matches the request, or null
     * ("vary-miss"). Responses are kept newest first, so the first match is the most recent.
     */
    StoredResponse select(RequestView request) {
        for (StoredResponse r : responses) {
            if (SecondaryKey.matches(request, r.varyFields, r.varyValues)) {
                return r;
            }
        }
        return null;
    }

    /** These variants with {@code response} first, replacing one of the same secondary key; at most {@code max} kept. */
    Variants with(StoredResponse response, int max) {
        StoredResponse[] out = new StoredResponse[Math.min(max, responses.length + 1)];
        out[0] = response;
        int n = 1;
        for (StoredResponse r : responses) {
            if (n < out.length && !r.sameVariant(response)) {
                out[n++] = r;
            }
        }
        return new Variants(n == out.length ? out : Arrays.copyOf(out, n));
    }

    /** These variants with {@code stale} replaced by {@code updated} in place (a 304 freshened it, §4.3.4). */
    Variants replacing(StoredResponse stale, StoredResponse updated) {
        StoredResponse[] out = responses.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == stale) {
                out[i] = updated;
                return new Variants(out);
            }
        }
        return this;
    }

    /** These variants without {@code response}, or null when none is left. */
    Variants without(StoredResponse response) {
        StoredResponse[] out = new StoredResponse[responses.length];
        int n = 0;
        for (StoredResponse r : responses) {
            if (r != response) {
                out[n++] = r;
            }
        }
        return n == 0 ? null : new Variants(Arrays.copyOf(out, n));
    }
}

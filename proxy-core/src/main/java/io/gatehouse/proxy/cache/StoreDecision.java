package io.gatehouse.proxy.cache;

import java.time.Duration;

/**
 * Whether a forwarded response is being stored, for how long it will be fresh, and under which
 * secondary key (RFC 9111 §3, §4.1, §4.2.1).
 *
 * @param store whether the response's body is being collected into the store
 * @param reason why not, naming the rule (e.g. {@code "response has Cache-Control: private
 *     (RFC 9111 §5.2.2.7)"}); {@code "stored"} when stored
 * @param lifetime the freshness lifetime (§4.2.1), zero when not stored
 * @param variant the secondary key, e.g. {@code accept-encoding=gzip}; empty when the
 *     response has no {@code Vary}
 */
public record StoreDecision(boolean store, String reason, Duration lifetime, String variant) {

    static StoreDecision refused(String reason) {
        return new StoreDecision(false, reason, Duration.ZERO, "");
    }

    static StoreDecision stored(long lifetimeMillis, String variant) {
        return new StoreDecision(true, "stored", Duration.ofMillis(lifetimeMillis), variant);
    }
}

package io.gatehouse.proxy.cache;

import io.gatehouse.proxy.http.HeaderValues;

/**
 * The {@code Cache-Status} member this cache adds to a response (RFC 9211 §2): its name, then
 * {@code hit} or {@code fwd=...} with the parameters that apply.
 */
final class CacheStatus {

    static final String HEADER = "Cache-Status";

    private CacheStatus() {
    }

    /** {@code name; hit; ttl=N} (RFC 9211 §2.1, §2.5); {@code ttl} is negative for a stale response. */
    static String hit(String name, long ttlSeconds) {
        return name + "; hit; ttl=" + ttlSeconds;
    }

    /**
     * {@code name; fwd=reason[; fwd-status=S][; stored][; collapsed][; ttl=N][; detail=D]} (RFC 9211
     * §2.2 to §2.8).
     *
     * @param fwdStatus the status the next hop answered, or 0 when none
     * @param ttlSeconds the remaining freshness, or {@link Long#MIN_VALUE} when not known
     */
    static String forward(String name, String fwd, int fwdStatus, boolean stored, boolean collapsed, long ttlSeconds,
                          String detail) {
        StringBuilder s = new StringBuilder(name.length() + 48);
        s.append(name).append("; fwd=").append(fwd);
        if (fwdStatus > 0) {
            s.append("; fwd-status=").append(fwdStatus);
        }
        if (stored) {
            s.append("; stored");
        }
        if (collapsed) {
            s.append("; collapsed");
        }
        if (ttlSeconds != Long.MIN_VALUE) {
            s.append("; ttl=").append(ttlSeconds);
        }
        if (detail != null) {
            s.append("; detail=").append(detail);
        }
        return s.toString();
    }

    /**
     * The head with our member appended after any the upstream's caches put there (RFC 9211
     * §2: each cache appends its member; the first is the one nearest the origin).
     */
    static ResponseHead append(ResponseHead head, String member) {
        java.util.List<String> existing = head.headers(HEADER);
        if (existing.isEmpty()) {
            return head.plus(HEADER, member);
        }
        return head.with(HEADER, String.join(", ", existing) + ", " + member);
    }

    /** Whether a name can be sent as an sf-token (RFC 8941 §3.3.4), as cache names are. */
    static boolean validName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        char first = name.charAt(0);
        if (!((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') || first == '*')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!HeaderValues.isTchar(c) && c != ':' && c != '/') {
                return false;
            }
        }
        return true;
    }
}

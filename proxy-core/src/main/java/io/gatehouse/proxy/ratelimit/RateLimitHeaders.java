package io.gatehouse.proxy.ratelimit;

import java.util.List;

/**
 * Field values of the {@code RateLimit-Policy} and {@code RateLimit} headers as defined by
 * draft-ietf-httpapi-ratelimit-headers-11 (May 2026): structured-field lists whose items are
 * the policy name as a String with parameters — {@code q} (quota), {@code qu} (quota unit,
 * default {@code "requests"}) and {@code w} (window, seconds) for a policy (§3.1);
 * {@code r} (available quota) and {@code t} (effective window, seconds) for its current
 * state (§4.1).
 *
 * <pre>
 * RateLimit-Policy: "default";q=100;w=60, "concurrency";q=8;qu="concurrent-requests"
 * RateLimit: "default";r=42;t=1, "concurrency";r=7
 * </pre>
 */
public final class RateLimitHeaders {

    /** {@code RateLimit-Policy}. */
    public static final String POLICY = "RateLimit-Policy";
    /** {@code RateLimit}. */
    public static final String LIMIT = "RateLimit";
    /** {@code Retry-After} (RFC 9110 §10.2.3). */
    public static final String RETRY_AFTER = "Retry-After";

    private RateLimitHeaders() {
    }

    /** A {@code RateLimit-Policy} item for a token bucket result: {@code "name";q=..;w=..}. */
    public static String policyItem(RateLimitResult result) {
        return appendPolicyItem(new StringBuilder(48), result).toString();
    }

    /** A {@code RateLimit} item for a result: {@code "name";r=..;t=..}. */
    public static String limitItem(RateLimitResult result) {
        return appendLimitItem(new StringBuilder(48), result).toString();
    }

    /** Appends a {@code RateLimit-Policy} item for a token bucket result: {@code "name";q=..;w=..}. */
    public static StringBuilder appendPolicyItem(StringBuilder out, RateLimitResult result) {
        return appendString(out, result.policy()).append(";q=").append(result.quota()).append(";w=").append(result.windowSeconds());
    }

    /** Appends a {@code RateLimit} item for a result: {@code "name";r=..;t=..}. */
    public static StringBuilder appendLimitItem(StringBuilder out, RateLimitResult result) {
        return appendString(out, result.policy()).append(";r=").append(result.remaining()).append(";t=").append(result.resetSeconds());
    }

    /** A {@code RateLimit-Policy} item for a concurrency limit: {@code "name";q=..;qu="concurrent-requests"}. */
    public static String concurrencyPolicyItem(ConcurrencyLimiter limiter) {
        return appendString(new StringBuilder(48), limiter.name()).append(";q=").append(limiter.limit())
                .append(";qu=\"concurrent-requests\"").toString();
    }

    /** A {@code RateLimit} item for a concurrency limit with {@code available} slots left. */
    public static String concurrencyLimitItem(ConcurrencyLimiter limiter, int available) {
        return appendString(new StringBuilder(32), limiter.name()).append(";r=").append(Math.max(0, available)).toString();
    }

    /** Joins items into one list field value (structured fields, RFC 9651 §3.1). */
    public static String join(List<String> items) {
        return String.join(", ", items);
    }

    /**
     * A structured-field String (RFC 9651 §3.3.3): {@code "} and {@code \} escaped, anything
     * outside printable ASCII replaced by {@code ?} (a custom limiter's name cannot split a header).
     */
    static String string(String value) {
        return appendString(new StringBuilder(value.length() + 2), value).toString();
    }

    private static StringBuilder appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return out.append('"');
    }
}

package io.gatehouse.proxy.cache;

import java.util.Set;

/**
 * Freshness lifetime and age arithmetic of RFC 9111 §4.2 for a shared cache, as pure functions
 * of the response and the times involved. Times are milliseconds since the epoch; the
 * intermediate names are the RFC's.
 */
final class Freshness {

    /** Status codes that are heuristically cacheable (RFC 9110 §15.1). */
    static final Set<Integer> HEURISTICALLY_CACHEABLE = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);

    private Freshness() {
    }

    /**
     * The freshness lifetime of a response in milliseconds (RFC 9111 §4.2.1), for a shared
     * cache: {@code s-maxage}, else {@code max-age}, else {@code Expires} minus {@code Date},
     * else the heuristic of §4.2.2 where allowed, else 0.
     *
     * @param dateValue the response's {@code Date}, or the time it was received when absent
     */
    static long lifetime(ResponseHead head, CacheControl cc, long dateValue, CachePolicy policy) {
        if (cc.sMaxAge != CacheControl.ABSENT) {
            return seconds(cc.sMaxAge);
        }
        if (cc.maxAge != CacheControl.ABSENT) {
            return seconds(cc.maxAge);
        }
        // RFC 9213 §2.2: directives from a targeted field make the cache ignore Expires.
        String expires = cc.targetedField == null ? head.header("Expires") : null;
        if (expires != null) {
            long expiresValue = HttpDates.parse(expires);
            // §5.3: an invalid date, notably "0", is a time in the past.
            return expiresValue == HttpDates.INVALID ? 0 : Math.max(0, expiresValue - dateValue);
        }
        return heuristic(head, cc, dateValue, policy);
    }

    /**
     * RFC 9111 §4.2.2: with no explicit expiration, a cache may assign a heuristic lifetime to
     * a response whose status is heuristically cacheable or that is marked {@code public}; here
     * a fraction of the time since {@code Last-Modified}, capped.
     */
    static long heuristic(ResponseHead head, CacheControl cc, long dateValue, CachePolicy policy) {
        if (!policy.heuristicFreshness() || !heuristicAllowed(head.status(), cc)) {
            return 0;
        }
        long lastModified = HttpDates.parse(head.header("Last-Modified"));
        if (lastModified == HttpDates.INVALID || lastModified >= dateValue) {
            return 0;
        }
        long estimate = (long) ((dateValue - lastModified) * policy.heuristicFraction());
        return Math.min(estimate, policy.heuristicMaxMillis());
    }

    /** Whether the response has explicit freshness information (§4.2.1): s-maxage, max-age or Expires. */
    static boolean explicit(ResponseHead head, CacheControl cc) {
        return cc.sMaxAge != CacheControl.ABSENT || cc.maxAge != CacheControl.ABSENT
                || (cc.targetedField == null && head.has("Expires"));
    }

    /** §4.2.2: heuristic freshness only for heuristically cacheable statuses or {@code public} responses. */
    static boolean heuristicAllowed(int status, CacheControl cc) {
        return HEURISTICALLY_CACHEABLE.contains(status) || cc.isPublic;
    }

    /**
     * RFC 9111 §4.2.3: the age the response already had when it was received.
     *
     * <pre>
     * apparent_age = max(0, response_time - date_value)
     * response_delay = response_time - request_time
     * corrected_age_value = age_value + response_delay
     * corrected_initial_age = max(apparent_age, corrected_age_value)
     * </pre>
     *
     * @param ageValue the {@code Age} header in seconds (0 when absent)
     */
    static long correctedInitialAge(long ageValue, long dateValue, long requestTime, long responseTime) {
        long apparentAge = Math.max(0, responseTime - dateValue);
        long responseDelay = Math.max(0, responseTime - requestTime);
        long correctedAgeValue = seconds(ageValue) + responseDelay;
        return Math.max(apparentAge, correctedAgeValue);
    }

    /**
     * RFC 9111 §4.2.3: {@code current_age = corrected_initial_age + resident_time}, with
     * {@code resident_time = now - response_time}.
     */
    static long currentAge(long correctedInitialAge, long responseTime, long now) {
        long residentTime = Math.max(0, now - responseTime);
        return correctedInitialAge + residentTime;
    }

    /** The {@code Age} header value of §5.1 (whole seconds, rounded down) for an age in milliseconds. */
    static long ageSeconds(long ageMillis) {
        return Math.min(ageMillis / 1000, CacheControl.MAX_DELTA);
    }

    /** Seconds to milliseconds; an invalid delta-seconds is 0 (§4.2.1: treat as stale). */
    static long seconds(long deltaSeconds) {
        return deltaSeconds < 0 ? 0 : deltaSeconds * 1000;
    }

    /**
     * The {@code Age} header of a response as delta-seconds (§5.1), 0 when absent or invalid.
     * Age is a singleton, but when it arrives as a list (several lines, or commas in one) the
     * first member counts and the others are discarded; when that first member is not a
     * non-negative integer the field is ignored.
     */
    static long ageValue(ResponseHead head) {
        String first = head.header("Age");
        if (first == null) {
            return 0;
        }
        int comma = first.indexOf(',');
        String member = (comma < 0 ? first : first.substring(0, comma)).trim();
        long age = CacheControl.deltaSeconds(member);
        return age < 0 ? 0 : age;
    }
}

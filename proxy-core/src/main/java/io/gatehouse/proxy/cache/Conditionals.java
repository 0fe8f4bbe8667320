package io.gatehouse.proxy.cache;

import io.gatehouse.proxy.http.RequestView;

/**
 * The client's own conditional requests, as a cache evaluates them against a stored response
 * (RFC 9111 §4.3.2, RFC 9110 §13.1.2, §13.1.3, §13.2.2). Pure functions.
 */
final class Conditionals {

    private Conditionals() {
    }

    /**
     * Whether a request carries preconditions a cache must not evaluate, because they only
     * apply to an origin server: {@code If-Match}, {@code If-Unmodified-Since} (RFC 9111 §4.3.2).
     */
    static boolean forOriginOnly(RequestView request) {
        return request.header("If-Match") != null || request.header("If-Unmodified-Since") != null;
    }

    /** Whether the request carries {@code If-None-Match} or {@code If-Modified-Since}. */
    static boolean isConditional(RequestView request) {
        return request.header("If-None-Match") != null || request.header("If-Modified-Since") != null;
    }

    /**
     * Whether a GET or HEAD may be answered 304 from a stored response with this validator
     * (RFC 9111 §4.3.2): {@code If-None-Match} by weak comparison if present, else
     * {@code If-Modified-Since} against {@code Last-Modified} (or {@code Date} when absent).
     *
     * @param etag the entity tag the client would receive, or null
     * @param lastModified the stored {@code Last-Modified}, or {@link HttpDates#INVALID}
     * @param dateValue the stored {@code Date} (or receipt time)
     */
    static boolean notModified(RequestView request, String etag, long lastModified, long dateValue) {
        java.util.List<String> ifNoneMatch = request.headers("If-None-Match");
        if (!ifNoneMatch.isEmpty()) {
            for (String line : ifNoneMatch) {
                if (line.trim().equals("*")) {
                    return true;
                }
                if (etag != null && listContainsWeak(line, etag)) {
                    return true;
                }
            }
            return false;
        }
        String ims = request.header("If-Modified-Since");
        if (ims != null) {
            long since = HttpDates.parse(ims);
            if (since == HttpDates.INVALID) {
                return false; // RFC 9110 §13.1.3: an invalid date is ignored
            }
            long modified = lastModified != HttpDates.INVALID ? lastModified : dateValue;
            return modified <= since;
        }
        return false;
    }

    /** Whether a comma-separated list of entity tags contains one weakly equal to {@code etag}. */
    static boolean listContainsWeak(String list, String etag) {
        String wanted = opaque(etag);
        int i = 0;
        int n = list.length();
        while (i < n) {
            while (i < n && (list.charAt(i) == ' ' || list.charAt(i) == ',' || list.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            if (i + 1 < n && list.charAt(i) == 'W' && list.charAt(i + 1) == '/') {
                i += 2;
            }
            if (i < n && list.charAt(i) == '"') {
                int close = list.indexOf('"', i + 1);
                if (close < 0) {
                    return false;
                }
                if (list.substring(i, close + 1).equals(wanted)) {
                    return true;
                }
                i = close + 1;
            } else {
                while (i < n && list.charAt(i) != ',') {
                    i++;
                }
                if (opaque(list.substring(start, i).trim()).equals(wanted)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** RFC 9110 §8.8.3.2 weak comparison: the opaque tags are equal, either may be weak. */
    static boolean weakEquals(String a, String b) {
        return a != null && b != null && opaque(a).equals(opaque(b));
    }

    /** RFC 9110 §8.8.3.2 strong comparison: both strong and equal. */
    static boolean strongEquals(String a, String b) {
        return a != null && b != null && !isWeak(a) && !isWeak(b) && a.trim().equals(b.trim());
    }

    static boolean isWeak(String etag) {
        return etag.trim().startsWith("W/");
    }

    /** The opaque tag (with quotes) of an entity tag, without a {@code W/} prefix. */
    static String opaque(String etag) {
        String t = etag.trim();
        return t.startsWith("W/") ? t.substring(2) : t;
    }
}

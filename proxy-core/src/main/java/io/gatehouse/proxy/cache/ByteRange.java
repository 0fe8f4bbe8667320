package io.gatehouse.proxy.cache;

import io.gatehouse.proxy.http.RequestView;

/**
 * The part of a stored representation a GET's {@code Range} asks for (RFC 9110 §14), as a pure
 * function of the request and the stored response.
 *
 * <p>One range of bytes is answered 206 with {@code Content-Range}; a range that starts past the
 * end is 416 with {@code Content-Range: bytes *}{@code /length}. Everything else is answered
 * with the whole representation (200), which RFC 9110 §14.2 allows: a {@code Range} that is not
 * valid {@code bytes=} syntax or uses another unit, several ranges (no multipart/byteranges from
 * the cache), an empty representation, and an {@code If-Range} that does not match (§13.1.5).
 *
 * @param first the first byte, inclusive (-1 for {@link #UNSATISFIABLE})
 * @param last the last byte, inclusive
 */
record ByteRange(long first, long last) {

    /** §15.5.17: no byte of the representation is in the range: 416. */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    /** The number of bytes in the range. */
    long length() {
        return last - first + 1;
    }

    /** §14.4: {@code bytes first-last/complete}, or {@code bytes *}{@code /complete} for a 416. */
    String contentRange(long complete) {
        return first < 0 ? "bytes */" + complete : "bytes " + first + "-" + last + "/" + complete;
    }

    /**
     * The range a GET asks of a stored 200 of {@code length} bytes, {@link #UNSATISFIABLE}, or
     * null to answer with the whole representation.
     *
     * @param etag the {@code ETag} this client would be sent (weakened when the cache compresses), or null
     * @param lastModified the stored {@code Last-Modified}, or {@link HttpDates#INVALID}
     * @param date the stored {@code Date}
     */
    static ByteRange of(RequestView request, int status, long length, String etag, long lastModified, long date) {
        String range = request.header("Range");
        if (range == null || status != 200 || length == 0 || !request.method().equals("GET")) {
            return null;
        }
        String ifRange = request.header("If-Range");
        if (ifRange != null && !ifRangeMatches(ifRange.trim(), etag, lastModified, date)) {
            return null; // §13.1.5: the representation changed, send it whole
        }
        String spec = range.trim();
        // §14.1.1: the unit is case-insensitive
        if (spec.length() < 6 || !spec.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String set = spec.substring(6).trim();
        if (set.indexOf(',') >= 0) {
            return null; // several ranges: the whole representation (§14.2 lets a server ignore Range)
        }
        int dash = set.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String firstText = set.substring(0, dash).trim();
        String lastText = set.substring(dash + 1).trim();
        if (firstText.isEmpty()) {
            // §14.1.1 suffix-range: the last N bytes
            long suffix = digits(lastText);
            if (suffix < 0) {
                return null;
            }
            if (suffix == 0) {
                return UNSATISFIABLE;
            }
            return new ByteRange(Math.max(0, length - suffix), length - 1);
        }
        long first = digits(firstText);
        long last = lastText.isEmpty() ? Long.MAX_VALUE : digits(lastText);
        if (first < 0 || last < 0 || last < first) {
            return null; // §14.1.1: invalid, ignored
        }
        if (first >= length) {
            return UNSATISFIABLE; // §14.1.1: first-pos at or past the end
        }
        return new ByteRange(first, Math.min(last, length - 1));
    }

    /**
     * §13.1.5: an entity tag matches with the strong comparison (a weak one never does); a date
     * matches when it is exactly the stored {@code Last-Modified} and that is a strong validator
     * (§8.8.2.2: at least a second before the response's {@code Date}).
     */
    private static boolean ifRangeMatches(String ifRange, String etag, long lastModified, long date) {
        if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
            return etag != null && !Conditionals.isWeak(ifRange) && Conditionals.strongEquals(ifRange, etag);
        }
        long when = HttpDates.parse(ifRange);
        return when != HttpDates.INVALID && lastModified != HttpDates.INVALID && when == lastModified
                && date - lastModified >= 1000;
    }

    /** A non-negative decimal (1*DIGIT, at most 18 digits), or -1. */
    private static long digits(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

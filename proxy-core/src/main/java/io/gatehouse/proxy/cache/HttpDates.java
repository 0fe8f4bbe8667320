package io.gatehouse.proxy.cache;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** HTTP dates (RFC 9110 §5.6.7): parsing the three formats a recipient must accept, formatting IMF-fixdate. */
final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC_850 =
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    /** Returned by {@link #parse} for a missing or unparseable date. */
    static final long INVALID = Long.MIN_VALUE;

    private HttpDates() {
    }

    /**
     * Milliseconds since the epoch of an HTTP date, or {@link #INVALID}. Accepts IMF-fixdate,
     * the obsolete RFC 850 form (two-digit years taken as the nearest past century per
     * RFC 9110 §5.6.7: more than 50 years ahead means the previous century) and asctime.
     */
    static long parse(String value) {
        if (value == null) {
            return INVALID;
        }
        String v = value.trim();
        try {
            return Instant.from(IMF_FIXDATE.parse(v)).toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the obsolete forms
        }
        try {
            long millis = Instant.from(RFC_850.parse(v)).toEpochMilli();
            // DateTimeFormatter reads "yy" as 2000..2099; RFC 9110 §5.6.7 wants the most recent
            // year with those digits unless that is more than 50 years in the future.
            long fiftyYears = 50L * 365 * 24 * 3600 * 1000;
            if (millis - System.currentTimeMillis() > fiftyYears) {
                millis = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).minusYears(100).toInstant().toEpochMilli();
            }
            return millis;
        } catch (DateTimeParseException e) {
            // try asctime
        }
        try {
            return Instant.from(ASCTIME.parse(v)).toEpochMilli();
        } catch (DateTimeParseException e) {
            return INVALID;
        }
    }

    /** The IMF-fixdate form of a time, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
    }
}

package io.gatehouse.proxy.cache;

import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** HTTP dates (RFC 9110 §5.6.7): parsing the three formats a recipient must accept, formatting IMF-fixdate. */
final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /**
     * RFC 850 dates have two-digit years; RFC 9110 §5.6.7 takes one that seems more than 50
     * years ahead as the most recent past year with those digits, so the base is 49 years back.
     */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, Year.now(ZoneOffset.UTC).getValue() - 49)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    /** Returned by {@link #parse} for a missing or unparseable date. */
    static final long INVALID = Long.MIN_VALUE;

    private HttpDates() {
    }

    /**
     * Milliseconds since the epoch of an HTTP date, or {@link #INVALID}. Accepts IMF-fixdate,
     * the obsolete RFC 850 form and asctime.
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
            return Instant.from(RFC_850.parse(v)).toEpochMilli();
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

package io.gatehouse.proxy.cache;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 §5.6.7): parsed leniently, as the RFC asks of recipients, and always
 * generated as IMF-fixdate.
 *
 * <p>The parser accepts IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete
 * RFC 850 form ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37
 * 1994}), and beyond the grammar: a one-digit day ({@code Fri, 4 Dec 2026 ...}, as
 * {@code DateTimeFormatter.RFC_1123_DATE_TIME} writes it), day and month names in any letter
 * case, full month names, a missing or wrong weekday (the date decides), {@code UTC} for
 * {@code GMT}, and extra white space. It uses no exceptions on the common path and no
 * calendar of the host.
 */
final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final String[] MONTHS =
            {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    private static final String[] FULL_MONTHS = {"january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december"};
    private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    private static final String[] FULL_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
            "sunday"};
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** Returned by {@link #parse} for a missing or unparseable date. */
    static final long INVALID = Long.MIN_VALUE;

    private HttpDates() {
    }

    /**
     * Milliseconds since the epoch of an HTTP date, or {@link #INVALID}. A two-digit RFC 850
     * year is read against the current year ({@link #parse(String, long)}).
     */
    static long parse(String value) {
        return parse(value, System.currentTimeMillis());
    }

    /**
     * Milliseconds since the epoch of an HTTP date, or {@link #INVALID}.
     *
     * @param nowMillis the present, used only for an RFC 850 two-digit year: RFC 9110 §5.6.7
     *                  takes one that would be more than 50 years ahead as the most recent past
     *                  year with those digits
     */
    static long parse(String value, long nowMillis) {
        if (value == null) {
            return INVALID;
        }
        String[] tokens = tokens(value);
        int n = tokens.length;
        int i = 0;
        if (n > 0 && isDayName(tokens[0])) {
            i++;
        }
        if (n - i < 4) {
            return INVALID;
        }
        int day;
        int month;
        int year;
        String time;
        String zone;
        if (isDigits(tokens[i])) {
            // IMF-fixdate and RFC 850: day month year time GMT
            day = number(tokens[i]);
            month = month(tokens[i + 1]);
            year = year(tokens[i + 2], nowMillis);
            time = tokens[i + 3];
            zone = n - i == 5 ? tokens[i + 4] : null;
            if (zone == null || n - i > 5) {
                return INVALID;
            }
        } else {
            // asctime: month day time year, no zone (a trailing GMT is tolerated)
            month = month(tokens[i]);
            day = isDigits(tokens[i + 1]) ? number(tokens[i + 1]) : -1;
            time = tokens[i + 2];
            year = tokens[i + 3].length() == 4 ? year(tokens[i + 3], nowMillis) : -1;
            zone = n - i == 5 ? tokens[i + 4] : "GMT";
            if (n - i > 5) {
                return INVALID;
            }
        }
        if (day < 1 || month < 1 || year < 0 || !isGmt(zone)) {
            return INVALID;
        }
        long secondOfDay = secondOfDay(time);
        if (secondOfDay < 0) {
            return INVALID;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return INVALID; // 31 Feb and the like
        }
        return epochDay * MILLIS_PER_DAY + secondOfDay * 1000L;
    }

    /** The IMF-fixdate form of a time, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
    }

    /** The words of a date, split at spaces, tabs, commas and dashes. */
    private static String[] tokens(String value) {
        String[] out = new String[8];
        int n = 0;
        int start = -1;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ' ';
            boolean separator = c == ' ' || c == '\t' || c == ',' || c == '-';
            if (separator) {
                if (start >= 0) {
                    if (n == out.length) {
                        return new String[0];
                    }
                    out[n++] = value.substring(start, i);
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        String[] tokens = new String[n];
        System.arraycopy(out, 0, tokens, 0, n);
        return tokens;
    }

    private static boolean isDayName(String token) {
        return indexOf(DAYS, FULL_DAYS, token) >= 0;
    }

    /** 1 to 12, or -1. */
    private static int month(String token) {
        int index = indexOf(MONTHS, FULL_MONTHS, token);
        return index < 0 ? -1 : index + 1;
    }

    private static int indexOf(String[] shortNames, String[] fullNames, String token) {
        for (int i = 0; i < shortNames.length; i++) {
            if (token.equalsIgnoreCase(shortNames[i]) || token.equalsIgnoreCase(fullNames[i])) {
                return i;
            }
        }
        return -1;
    }

    /** A four-digit year as it is, a two-digit one by RFC 9110 §5.6.7's rule, else -1. */
    private static int year(String token, long nowMillis) {
        if (!isDigits(token)) {
            return -1;
        }
        if (token.length() == 4) {
            return number(token);
        }
        if (token.length() != 2) {
            return -1;
        }
        int thisYear = LocalDate.ofEpochDay(Math.floorDiv(nowMillis, MILLIS_PER_DAY)).getYear();
        int year = thisYear / 100 * 100 + number(token);
        if (year > thisYear + 50) {
            year -= 100;
        } else if (year <= thisYear - 50) {
            year += 100;
        }
        return year;
    }

    /** Seconds since midnight of {@code HH:MM:SS} (one-digit parts tolerated), or -1. */
    private static long secondOfDay(String time) {
        int first = time.indexOf(':');
        int second = first < 0 ? -1 : time.indexOf(':', first + 1);
        if (second < 0) {
            return -1;
        }
        String h = time.substring(0, first);
        String m = time.substring(first + 1, second);
        String s = time.substring(second + 1);
        if (!isTimePart(h) || !isTimePart(m) || !isTimePart(s)) {
            return -1;
        }
        int hours = number(h);
        int minutes = number(m);
        int seconds = Math.min(number(s), 59); // a leap second (60) is read as 59
        if (hours > 23 || minutes > 59 || number(s) > 60) {
            return -1;
        }
        return hours * 3600L + minutes * 60L + seconds;
    }

    private static boolean isTimePart(String part) {
        return (part.length() == 1 || part.length() == 2) && isDigits(part);
    }

    private static boolean isGmt(String zone) {
        return "GMT".equalsIgnoreCase(zone) || "UTC".equalsIgnoreCase(zone);
    }

    private static boolean isDigits(String token) {
        if (token.isEmpty() || token.length() > 4) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The value of a token of one to four ASCII digits. */
    private static int number(String digits) {
        int value = 0;
        for (int i = 0; i < digits.length(); i++) {
            value = value * 10 + (digits.charAt(i) - '0');
        }
        return value;
    }
}

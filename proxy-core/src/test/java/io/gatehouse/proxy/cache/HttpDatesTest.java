package io.gatehouse.proxy.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HttpDatesTest {

    private static final long SUN_06_NOV_1994 = 784111777000L;
    private static final long NOW_2026 = Instant.parse("2026-12-05T08:00:00Z").toEpochMilli();

    @Test
    void parsesTheThreeFormatsOfRfc9110_5_6_7() {
        assertEquals(SUN_06_NOV_1994, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW_2026));
        assertEquals(SUN_06_NOV_1994, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW_2026));
        assertEquals(SUN_06_NOV_1994, HttpDates.parse("Sun Nov  6 08:49:37 1994", NOW_2026));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Sun, 6 Nov 1994 08:49:37 GMT",         // one-digit day, as RFC_1123_DATE_TIME writes it
        "sun, 06 nov 1994 08:49:37 gmt",        // names in any letter case
        "SUN, 06 NOV 1994 08:49:37 GMT",
        "Mon, 06 Nov 1994 08:49:37 GMT",        // a wrong weekday: the date decides
        "06 Nov 1994 08:49:37 GMT",             // no weekday
        "Sun, 06 November 1994 08:49:37 GMT",   // full month name
        "Sun,  06 Nov 1994  08:49:37 UTC",      // extra spaces, UTC
        "Sunday, 6-Nov-94 08:49:37 GMT",
        "Sun Nov 06 08:49:37 1994",
        "sun nov 6 8:49:37 1994",
    })
    void recipientsAreLenient(String date) {
        assertEquals(SUN_06_NOV_1994, HttpDates.parse(date, NOW_2026), date);
    }

    @Test
    void oneDigitDaysOfEveryMonthParseAsJavasRfc1123FormatterWritesThem() {
        ZonedDateTime day = ZonedDateTime.of(2026, 1, 1, 8, 5, 9, 0, ZoneOffset.UTC);
        for (int i = 0; i < 400; i++, day = day.plusDays(1)) {
            String written = DateTimeFormatter.RFC_1123_DATE_TIME.format(day);
            assertEquals(day.toInstant().toEpochMilli(), HttpDates.parse(written, NOW_2026), written);
            assertEquals(day.toInstant().toEpochMilli(), HttpDates.parse(HttpDates.format(day.toInstant().toEpochMilli())),
                    "IMF-fixdate round trip of " + written);
        }
    }

    @Test
    void twoDigitYearsAreReadAgainstThePresentNotAFixedCentury() {
        assertEquals(Instant.parse("2030-01-02T00:00:00Z").toEpochMilli(),
                HttpDates.parse("Wednesday, 02-Jan-30 00:00:00 GMT", NOW_2026));
        assertEquals(Instant.parse("1980-01-02T00:00:00Z").toEpochMilli(),
                HttpDates.parse("Wednesday, 02-Jan-80 00:00:00 GMT", NOW_2026), "2080 is over 50 years ahead");
        long in2090 = Instant.parse("2090-06-01T00:00:00Z").toEpochMilli();
        assertEquals(Instant.parse("2130-01-02T00:00:00Z").toEpochMilli(),
                HttpDates.parse("Wednesday, 02-Jan-30 00:00:00 GMT", in2090), "2030 is 60 years back from 2090");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "yesterday", "", "Sun, 06 Nov 1994", "Sun, 06 Nov 1994 08:49:37",
        "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49 GMT", "Sun, 06 Nov 1994 08:49:37 GMT extra", "Sun, 0 Nov 1994 08:49:37 GMT"})
    void invalidDatesAreInvalid(String date) {
        assertEquals(HttpDates.INVALID, HttpDates.parse(date, NOW_2026), date);
    }

    @Test
    void nullIsInvalid() {
        assertEquals(HttpDates.INVALID, HttpDates.parse(null));
    }

    @Test
    void formatsImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(SUN_06_NOV_1994));
        assertEquals("Sat, 05 Dec 2026 08:00:00 GMT", HttpDates.format(NOW_2026), "a one-digit day gets two digits");
    }
}

package io.gatehouse.proxy.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HttpDatesTest {

    private static final long SUN_06_NOV_1994 = 784111777000L;

    @Test
    void parsesTheThreeFormatsOfRfc9110_5_6_7() {
        assertEquals(SUN_06_NOV_1994, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(SUN_06_NOV_1994, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(SUN_06_NOV_1994, HttpDates.parse("Sun Nov  6 08:49:37 1994"));
    }

    @Test
    void invalidDatesAreInvalid() {
        assertEquals(HttpDates.INVALID, HttpDates.parse("0"));
        assertEquals(HttpDates.INVALID, HttpDates.parse("yesterday"));
        assertEquals(HttpDates.INVALID, HttpDates.parse(null));
    }

    @Test
    void formatsImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(SUN_06_NOV_1994));
    }
}

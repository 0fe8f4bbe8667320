package io.gatehouse.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeaderValuesTest {

    @Test
    void crLfNulAndOtherControlsAreUnsafe() {
        assertFalse(HeaderValues.isSafe("a\r\nSet-Cookie: x=1"));
        assertFalse(HeaderValues.isSafe("a\rb"));
        assertFalse(HeaderValues.isSafe("a\nb"));
        assertFalse(HeaderValues.isSafe("a\u0000b"));
        assertFalse(HeaderValues.isSafe("a\u000bb"));
        assertFalse(HeaderValues.isSafe("a\u007fb"));
    }

    @Test
    void visibleCharactersSpacesTabsAndObsTextAreSafe() {
        assertTrue(HeaderValues.isSafe(""));
        assertTrue(HeaderValues.isSafe("Basic realm=\"api\", charset=\"UTF-8\""));
        assertTrue(HeaderValues.isSafe("a\tb"));
        assertTrue(HeaderValues.isSafe("caf\u00e9"));
    }

    @Test
    void requireSafeNamesTheHeader() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeaderValues.requireSafe("X-Request-Id", "a\r\nb"));
        assertEquals("header X-Request-Id: value contains a control character such as CR or LF"
                + " (expected: visible characters, spaces and tabs only)", e.getMessage());
        assertEquals("ok", HeaderValues.requireSafe("X", "ok"));
    }

    @Test
    void tokensAreRfc9110Tokens() {
        assertTrue(HeaderValues.isToken("X-API-Key"));
        assertFalse(HeaderValues.isToken(""));
        assertFalse(HeaderValues.isToken("X API"));
        assertFalse(HeaderValues.isToken("X:Y"));
    }

    @Test
    void quotedEscapesQuotesAndBackslashes() {
        assertEquals("\"a\\\"b\\\\c\"", HeaderValues.quoted("a\"b\\c"));
    }

    @Test
    void contentLengthIsTheNumberOrMinusOneWhenAbsentOrNotANumber() {
        assertEquals(1024, HeaderValues.contentLength("1024"));
        assertEquals(0, HeaderValues.contentLength(" 0 "));
        assertEquals(-1, HeaderValues.contentLength(null));
        assertEquals(-1, HeaderValues.contentLength("12ab"));
        assertEquals(-1, HeaderValues.contentLength(""));
    }
}

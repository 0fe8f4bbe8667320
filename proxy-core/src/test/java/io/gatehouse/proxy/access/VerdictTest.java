package io.gatehouse.proxy.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.http.Problem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void denyCarriesTheStandardTitleOfItsStatus() {
        assertEquals(new Problem(429, "Too Many Requests", null), Verdict.deny(429).problem());
        assertEquals(new Problem(403, "Forbidden", "go away"), Verdict.deny(403, "go away", Map.of()).problem());
        assertEquals("Request Header Fields Too Large", Verdict.deny(431).problem().title());
        assertEquals("Content Too Large", Verdict.deny(413).problem().title());
        assertEquals("Client Error", Verdict.deny(499).problem().title());
        assertFalse(Verdict.deny(403).allowed());
        assertTrue(Verdict.allow().allowed());
    }

    @Test
    void denyRefusesHeadersThatCouldSplitTheResponse() {
        assertEquals("header X-Evil: value contains a control character such as CR or LF"
                        + " (expected: visible characters, spaces and tabs only)",
                assertThrows(IllegalArgumentException.class,
                        () -> Verdict.deny(403, null, Map.of("X-Evil", "a\r\nSet-Cookie: x"))).getMessage());
        assertEquals("header name: 'Bad Name' (expected: a token such as WWW-Authenticate)",
                assertThrows(IllegalArgumentException.class, () -> Verdict.deny(403, null, Map.of("Bad Name", "x"))).getMessage());
    }

    @Test
    void denyNeedsAnErrorStatus() {
        assertThrows(IllegalArgumentException.class, () -> Verdict.deny(302));
    }
}

package io.gatehouse.proxy.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 9457 problem details. */
class ProblemTest {

    @Test
    void mediaTypeIsProblemJson() {
        // RFC 9457 §3
        assertEquals("application/problem+json", Problem.MEDIA_TYPE);
    }

    @Test
    void jsonHasAboutBlankTypeTitleStatusAndDetail() {
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"No route matches this request.\"}",
                new Problem(404, "Not Found", "No route matches this request.").toJson());
    }

    @Test
    void absentDetailIsLeftOut() {
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Bad Gateway\",\"status\":502}",
                new Problem(502, "Bad Gateway", null).toJson());
    }

    @Test
    void stringsAreJsonEscaped() {
        assertEquals("{\"type\":\"about:blank\",\"title\":\"a\\\"b\\\\c\",\"status\":400,"
                + "\"detail\":\"l1\\nl2\\r\\tx\\u0001\\u001f/é\"}",
                new Problem(400, "a\"b\\c", "l1\nl2\r\tx\u0001\u001f/é").toJson());
    }

    @Test
    void bytesAreUtf8() {
        Problem problem = new Problem(400, "Bad Request", "café");

        assertArrayEquals(problem.toJson().getBytes(StandardCharsets.UTF_8), problem.toJsonBytes());
        assertEquals(problem.toJson(), new String(problem.toJsonBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void statusMustBeAnErrorStatus() {
        new Problem(400, "Bad Request", null);
        new Problem(599, "Custom", null);
        assertEquals("status: 399 (expected: 400-599)",
                assertThrows(IllegalArgumentException.class, () -> new Problem(399, "x", null)).getMessage());
        assertEquals("status: 600 (expected: 400-599)",
                assertThrows(IllegalArgumentException.class, () -> new Problem(600, "x", null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Problem(200, "OK", null));
    }

    @Test
    void titleIsRequired() {
        assertThrows(NullPointerException.class, () -> new Problem(500, null, null));
    }
}

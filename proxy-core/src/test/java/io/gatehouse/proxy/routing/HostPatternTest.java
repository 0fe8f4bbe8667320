package io.gatehouse.proxy.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostPatternTest {

    @Test
    void exactPatternIsLowerCasedAndTrimmed() {
        HostPattern pattern = HostPattern.of(" Api.Example.COM ");

        assertEquals("api.example.com", pattern.pattern());
        assertTrue(pattern.matches("api.example.com"));
        assertFalse(pattern.matches("www.api.example.com"));
        assertFalse(pattern.isWildcard());
    }

    @Test
    void wildcardMatchesAnyDepthOfSubdomainButNotTheDomain() {
        HostPattern pattern = HostPattern.of("*.example.com");

        assertTrue(pattern.isWildcard());
        assertTrue(pattern.matches("a.example.com"));
        assertTrue(pattern.matches("a.b.example.com"));
        assertFalse(pattern.matches("example.com"));
        assertFalse(pattern.matches(".example.com"));
        assertFalse(pattern.matches("aexample.com"));
        assertFalse(pattern.matches("a.example.com.evil.org"));
    }

    @Test
    void ipv6LiteralIsAnExactPattern() {
        HostPattern pattern = HostPattern.of("[::1]");

        assertFalse(pattern.isWildcard());
        assertTrue(pattern.matches("[::1]"));
    }

    @Test
    void ipv6LiteralWithAPortIsRejected() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HostPattern.of("[::1]:8080"));
        assertEquals("host pattern '[::1]:8080' has a port; ports are ignored when matching, remove it", e.getMessage());
    }

    @Test
    void emptyPatternIsRejected() {
        assertEquals("host pattern is empty (expected: 'example.com' or '*.example.com')",
                assertThrows(IllegalArgumentException.class, () -> HostPattern.of("  ")).getMessage());
    }

    @Test
    void patternWithPortIsRejected() {
        assertEquals("host pattern 'example.com:443' has a port; ports are ignored when matching, remove it",
                assertThrows(IllegalArgumentException.class, () -> HostPattern.of("example.com:443")).getMessage());
    }

    @Test
    void wildcardAnywhereButTheWholeFirstLabelIsRejected() {
        for (String pattern : new String[] {"*", "*.", "a.*.com", "*example.com", "*.*.example.com", "example.*"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPattern.of(pattern),
                    pattern);
            assertEquals("host pattern '" + pattern + "': '*' is only allowed as the whole first label,"
                    + " e.g. '*.example.com'", e.getMessage());
        }
    }

    @Test
    void patternsEqualRegardlessOfCase() {
        assertEquals(HostPattern.of("*.Example.com"), HostPattern.of("*.example.COM"));
        assertEquals(HostPattern.of("*.Example.com").hashCode(), HostPattern.of("*.example.COM").hashCode());
    }
}

package io.gatehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyConfigExceptionTest {

    @Test
    void oneProblemIsTheWholeMessage() {
        ProxyConfigException e = new ProxyConfigException(List.of("route 'a' has no upstream group; add .to(\"group-id\")"));

        assertEquals("Invalid proxy configuration: route 'a' has no upstream group; add .to(\"group-id\")", e.getMessage());
    }

    @Test
    void severalProblemsAreCountedAndListedOnePerLine() {
        ProxyConfigException e = new ProxyConfigException(List.of("first", "second"));

        String nl = System.lineSeparator();
        assertEquals("Invalid proxy configuration (2 problems):" + nl + " - first" + nl + " - second", e.getMessage());
    }

    @Test
    void problemsAreAnImmutableCopy() {
        List<String> problems = new ArrayList<>(List.of("first"));
        ProxyConfigException e = new ProxyConfigException(problems);
        problems.add("later");

        assertEquals(List.of("first"), e.problems());
        assertThrows(UnsupportedOperationException.class, () -> e.problems().add("x"));
    }
}

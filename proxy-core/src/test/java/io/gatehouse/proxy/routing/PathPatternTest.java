package io.gatehouse.proxy.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathPatternTest {

    @Test
    void prefixLosesItsTrailingSlashesButRootStays() {
        assertEquals("/users", PathPattern.prefix("/users//").pattern());
        assertEquals("/", PathPattern.prefix("/").pattern());
        assertEquals(PathPattern.prefix("/users"), PathPattern.prefix("/users/"));
    }

    @Test
    void exactKeepsItsTrailingSlash() {
        assertNotEquals(PathPattern.exact("/users"), PathPattern.exact("/users/"));
    }

    @Test
    void sameTextOfAnotherKindIsAnotherPattern() {
        assertNotEquals(PathPattern.prefix("/users"), PathPattern.exact("/users"));
    }

    @Test
    void templateListsItsVariablesInOrder() {
        assertEquals(List.of("id", "order", "rest"),
                PathPattern.template("/users/{id}/orders/{order}/{*rest}").variables());
        assertEquals(List.of(), PathPattern.prefix("/users").variables());
    }

    @Test
    void patternMustStartWithSlash() {
        assertEquals("path 'users' must start with '/' (e.g. '/users')",
                assertThrows(IllegalArgumentException.class, () -> PathPattern.prefix("users")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PathPattern.exact(""));
        assertThrows(IllegalArgumentException.class, () -> PathPattern.template("users/{id}"));
    }

    @Test
    void variableMustBeAWholeSegmentWithAnIdentifierName() {
        assertThrows(IllegalArgumentException.class, () -> PathPattern.template("/users/{id}.json"));
        assertThrows(IllegalArgumentException.class, () -> PathPattern.template("/users/{}"));
        assertThrows(IllegalArgumentException.class, () -> PathPattern.template("/users/{1st}"));
        assertThrows(IllegalArgumentException.class, () -> PathPattern.template("/users/{a-b}"));
        assertThrows(IllegalArgumentException.class, () -> PathPattern.template("/users/{*}"));
    }

    @Test
    void catchAllMustBeLastAndNamesUnique() {
        assertThrows(IllegalArgumentException.class, () -> PathPattern.template("/{*rest}/x"));
        assertThrows(IllegalArgumentException.class, () -> PathPattern.template("/{id}/{*id}"));
    }

    @Test
    void describesItselfByKindAndPattern() {
        assertEquals("template /users/{id}", PathPattern.template("/users/{id}").toString());
        assertEquals(PathPattern.Kind.EXACT, PathPattern.exact("/health").kind());
    }
}

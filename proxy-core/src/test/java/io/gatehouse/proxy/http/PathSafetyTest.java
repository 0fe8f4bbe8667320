package io.gatehouse.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PathSafetyTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "/", "/api", "/api/users/7", "/api/users/", "/api//double", "/files/a.b", "/files/..hidden", "/files/...",
        "/files/.well-known/x", "/projects/group%2Fname", "/files/a%5Cb", "/files/100%25", "/files/%7Euser",
        "/caf%C3%A9", "/legacy/%E9t%E9", "/a;jsessionid=1/b", "/search/a%20b", "/x/%2e%2ex", "/x/.%2ehidden"})
    void ordinaryPathsAreSafe(String path) {
        assertNull(PathSafety.unsafeReason(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/../admin", "/api/./admin", "/api/..", "/..", "/api/.",
        "/api/%2e%2e/admin", "/api/%2E%2E/admin", "/api/.%2e/admin", "/api/%2e./admin", "/api/%2e/admin",
        "/api/..%2fadmin", "/api/..%2Fadmin", "/api/%2e%2e%2fadmin", "/api/..%5cadmin", "/api/..%5Cadmin",
        "/api/%252e%252e/admin", "/api/%25252e%25252e/admin", "/api/..%252fadmin",
        "/api/..;/admin", "/api/..;jsessionid=x/admin", "/api/.;x/admin", "/api/%2e%2e;/admin",
        "/api\\..\\admin", "/api/..\\admin",
        "/api/%c0%ae%c0%ae/admin", "/api/%C0%AE%C0%AE/admin", "/api/%c1%9c", "/api/%e0%80%ae", "/api/%f0%80%80%ae"})
    void traversalInAnyReadingIsUnsafe(String path) {
        assertFalse(PathSafety.isSafe(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "api", "//evil.example/x", "/\\evil.example", "/a b", "/a\tb", "/a\rb", "/a\nb",
        "/a%00b", "/a%0d%0ab", "/a%0Ab", "/a%7fb", "/a%2500", "/a%zz", "/a%2", "/a%"})
    void malformedOrControlPathsAreUnsafe(String path) {
        assertFalse(PathSafety.isSafe(path), path);
    }

    @Test
    void nullIsUnsafe() {
        assertFalse(PathSafety.isSafe(null));
    }

    @Test
    void reasonSaysWhichReadingFailed() {
        assertEquals("dot segment", PathSafety.unsafeReason("/api/../admin"));
        assertEquals("encoded dot segment", PathSafety.unsafeReason("/api/%2e%2e/admin"));
        assertEquals("encoded dot segment", PathSafety.unsafeReason("/api/%252e%252e/admin"));
        assertEquals("malformed or unsafe percent-encoding", PathSafety.unsafeReason("/api/%0d%0a"));
        assertEquals("starts with two slashes", PathSafety.unsafeReason("//evil"));
        assertTrue(PathSafety.isSafe("/api/v1"));
    }
}

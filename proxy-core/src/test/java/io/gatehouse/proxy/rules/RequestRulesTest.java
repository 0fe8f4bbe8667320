package io.gatehouse.proxy.rules;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.http.FakeRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestRulesTest {

    private static boolean passes(RequestRule rule, FakeRequest request) {
        return rule.check(request).allowed();
    }

    private static Verdict.Deny denial(RequestRule rule, FakeRequest request) {
        return assertInstanceOf(Verdict.Deny.class, rule.check(request));
    }

    @Test
    void userAgentPatternsMatchAnywhereCaseInsensitively() {
        RequestRule rule = RequestRules.denyUserAgents("sqlmap", "^curl/");
        assertEquals(403, denial(rule, get("/").header("User-Agent", "Mozilla/5.0 SQLMap/1.7")).status());
        assertEquals(403, denial(rule, get("/").header("User-Agent", "curl/8.1")).status());
        assertTrue(passes(rule, get("/").header("User-Agent", "Mozilla/5.0 (curl/8.1)")));
        assertTrue(passes(rule, get("/")));
        assertEquals(403, denial(rule, get("/").header("User-Agent", "ok").header("User-Agent", "sqlmap")).status());
        assertEquals("user-agent", rule.name());
    }

    @Test
    void missingUserAgentCanBeDenied() {
        RequestRule rule = RequestRules.denyMissingUserAgent();
        assertEquals(403, denial(rule, get("/")).status());
        assertEquals(403, denial(rule, get("/").header("User-Agent", " ")).status());
        assertTrue(passes(rule, get("/").header("User-Agent", "Mozilla/5.0")));
        assertEquals("no-user-agent", rule.name());
    }

    @Test
    void badExpressionIsNamed() {
        assertEquals("denyUserAgents: '(' is not a regular expression (Unclosed group; expected: a java.util.regex expression)",
                assertThrows(IllegalArgumentException.class, () -> RequestRules.denyUserAgents("(")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RequestRules.denyPathsMatching());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/wp-admin", "/wp-admin/", "/wp-admin/install.php", "/WP-Admin", "/%77p-admin", "/wp-admin;x",
        "/.env"})
    void pathPrefixesDenyThePathAndBelow(String path) {
        RequestRule rule = RequestRules.denyPaths("/wp-admin/", "/.env");
        assertEquals(403, denial(rule, get(path)).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/wp-administrator", "/blog/wp-admin", "/", "/.envoy", "/env"})
    void pathPrefixesLeaveOtherPathsAlone(String path) {
        RequestRule rule = RequestRules.denyPaths("/wp-admin", "/.env");
        assertTrue(passes(rule, get(path)), path);
    }

    @Test
    void pathPrefixMustBeAbsolute() {
        assertEquals("denyPaths: 'admin' (expected: a path starting with '/', e.g. /admin)",
                assertThrows(IllegalArgumentException.class, () -> RequestRules.denyPaths("admin")).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.env", "/app/.env", "/app/.ENV", "/app/%2eenv", "/.git/config", "/x/.git", "/x\\.git\\HEAD",
        "/wp-login.php", "/blog/wp-admin/x", "/.env;x"})
    void commonProbesAreDeniedAnywhereInThePath(String path) {
        RequestRule rule = RequestRules.commonProbes();
        assertFalse(passes(rule, get(path)), path);
        assertEquals("probe", rule.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/.well-known/acme-challenge/x", "/app/.envoy", "/git", "/docs/env", "/wp-admins"})
    void commonProbesLeaveOrdinaryPathsAlone(String path) {
        assertTrue(passes(RequestRules.commonProbes(), get(path)), path);
    }

    @Test
    void pathSegmentsAndPatterns() {
        RequestRule segments = RequestRules.denyPathSegments("backup");
        assertFalse(passes(segments, get("/a/backup/b")));
        assertTrue(passes(segments, get("/a/backups/b")));
        assertThrows(IllegalArgumentException.class, () -> RequestRules.denyPathSegments("a/b"));
        RequestRule patterns = RequestRules.denyPathsMatching("\\.(php|asp)$");
        assertFalse(passes(patterns, get("/index.PHP")));
        assertFalse(passes(patterns, get("/index%2ephp")));
        assertTrue(passes(patterns, get("/index.php/x")));
    }

    @Test
    void deniedMethodsGet405WithTheCommonMethodsLeft() {
        RequestRule rule = RequestRules.denyMethods("PUT", "DELETE", "PATCH");
        Verdict.Deny deny = denial(rule, get("/").method("DELETE"));

        assertEquals(405, deny.status());
        assertEquals(Map.of("Allow", "GET, HEAD, POST, OPTIONS"), deny.headers());
        assertTrue(passes(rule, get("/").method("GET")));
        assertTrue(passes(rule, get("/").method("delete")));
    }

    @Test
    void contradictoryHeadersAreABadRequest() {
        RequestRule rule = RequestRules.headerConsistency();
        assertEquals(400, denial(rule, get("/").header("Host", "a.example").header("Host", "b.example")).status());
        assertEquals(400, denial(rule, get("/").header("Content-Length", "5").header("Transfer-Encoding", "chunked")).status());
        assertEquals(400, denial(rule, get("/").header("Content-Length", "5").header("Content-Length", "6")).status());
        assertEquals(400, denial(rule, get("/").header("Content-Length", "5, 6")).status());
        assertTrue(passes(rule, get("/").header("Content-Length", "5").header("Content-Length", "5")));
        assertTrue(passes(rule, get("/").header("Host", "a.example").header("Content-Length", "5")));
        assertTrue(passes(rule, get("/")));
    }

    @Test
    void requireHostDeniesRequestsWithoutOne() {
        RequestRule rule = RequestRules.requireHost();
        assertEquals(400, denial(rule, get("/")).status());
        assertEquals(400, denial(rule, get("/").header("Host", "")).status());
        assertTrue(passes(rule, get("/").header("Host", "a.example")));
        assertEquals("host-required", rule.name());
    }

    @Test
    void withStatusChangesTheStatusAndKeepsTheName() {
        RequestRule rule = RequestRules.commonProbes().withStatus(404);
        Verdict.Deny deny = denial(rule, get("/.env"));
        assertEquals(404, deny.status());
        assertEquals("Not Found", deny.problem().title());
        assertEquals("probe", rule.name());
        assertTrue(passes(rule, get("/")));
        assertThrows(IllegalArgumentException.class, () -> rule.withStatus(200));
    }

    @Test
    void customRulesCanBeNamed() {
        RequestRule rule = RequestRule.named("no-debug", r -> r.query() != null && r.query().contains("debug")
                ? Verdict.deny(403) : Verdict.allow());
        assertEquals("no-debug", rule.name());
        assertEquals(403, denial(rule, get("/").query("debug=1")).status());
        assertEquals("custom", ((RequestRule) r -> Verdict.allow()).name());
    }
}

package io.gatehouse.proxy.access;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPoliciesTest {

    private static final AccessPolicy API_KEY = AccessPolicies.apiKey("X-API-Key", Set.of("k-123", "k-456"));
    private static final AccessPolicy BASIC = AccessPolicies.basic("api", (user, password) -> user.equals("ana")
            && password.equals("s3cr:t\u00e9"));
    private static final AccessPolicy BEARER = AccessPolicies.bearer("api", token -> token.equals("t0ken"));

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private static Verdict.Deny denied(Verdict verdict) {
        return assertInstanceOf(Verdict.Deny.class, verdict);
    }

    @Test
    void apiKeyFromTheSetIsAllowed() {
        assertTrue(API_KEY.check(get("/").header("X-API-Key", "k-456")).allowed());
        assertTrue(API_KEY.check(get("/").header("x-api-key", "k-123")).allowed());
    }

    @Test
    void missingOrWrongApiKeyIsChallengedWith401() {
        Verdict.Deny missing = denied(API_KEY.check(get("/")));
        assertEquals(401, missing.status());
        assertEquals(Map.of("WWW-Authenticate", "ApiKey header=\"X-API-Key\""), missing.headers());
        assertEquals(401, denied(API_KEY.check(get("/").header("X-API-Key", "k-12"))).status());
        assertEquals(401, denied(API_KEY.check(get("/").header("X-API-Key", "k-1234"))).status());
        assertEquals(401, denied(API_KEY.check(get("/").header("X-API-Key", ""))).status());
        assertEquals(401, denied(API_KEY.check(get("/").header("X-API-Key", "nope").header("X-API-Key", "k-123"))).status());
    }

    @Test
    void apiKeyPolicyNamesItsHeaderAsCredentials() {
        assertEquals(List.of("x-api-key"), API_KEY.credentialHeaders());
    }

    @Test
    void apiKeyPolicyNeedsAHeaderNameAndKeys() {
        assertEquals("keys: empty (expected: at least one key; without keys nobody gets in)",
                assertThrows(IllegalArgumentException.class, () -> AccessPolicies.apiKey("X-API-Key", Set.of())).getMessage());
        assertEquals("header: 'X API' (expected: a header name such as X-API-Key)",
                assertThrows(IllegalArgumentException.class, () -> AccessPolicies.apiKey("X API", Set.of("k"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> AccessPolicies.apiKey("X-API-Key", List.of("")));
    }

    @Test
    void basicCredentialsTheVerifierAcceptsAreAllowed() {
        assertTrue(BASIC.check(get("/").header("Authorization", basic("ana:s3cr:t\u00e9"))).allowed());
        assertTrue(BASIC.check(get("/").header("Authorization", basic("ana:s3cr:t\u00e9").replace("Basic", "bAsIc"))).allowed());
    }

    @Test
    void wrongOrMalformedBasicCredentialsAreChallengedWithTheRealm() {
        String challenge = "Basic realm=\"api\", charset=\"UTF-8\"";
        for (String authorization : List.of(basic("ana:wrong"), basic("bob:s3cr:t\u00e9"), basic("no-colon"), "Basic !!!",
                "Basic", "Bearer t0ken", "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xc3, 0x28, ':'}))) {
            Verdict.Deny deny = denied(BASIC.check(get("/").header("Authorization", authorization)));
            assertEquals(401, deny.status(), authorization);
            assertEquals(Map.of("WWW-Authenticate", challenge), deny.headers());
        }
        assertEquals(401, denied(BASIC.check(get("/"))).status());
    }

    @Test
    void severalAuthorizationHeadersAreABadRequest() {
        assertEquals(400, denied(BASIC.check(get("/").header("Authorization", basic("ana:s3cr:t\u00e9"))
                .header("Authorization", basic("x:y")))).status());
        assertEquals(400, denied(BEARER.check(get("/").header("Authorization", "Bearer t0ken")
                .header("Authorization", "Bearer other"))).status());
    }

    @Test
    void bearerTokenTheVerifierAcceptsIsAllowed() {
        assertTrue(BEARER.check(get("/").header("Authorization", "Bearer t0ken")).allowed());
        assertTrue(BEARER.check(get("/").header("Authorization", "bearer t0ken")).allowed());
    }

    @Test
    void bearerChallengeSaysInvalidTokenOnlyWhenOneWasSent() {
        assertEquals(Map.of("WWW-Authenticate", "Bearer realm=\"api\""), denied(BEARER.check(get("/"))).headers());
        assertEquals(Map.of("WWW-Authenticate", "Bearer realm=\"api\", error=\"invalid_token\""),
                denied(BEARER.check(get("/").header("Authorization", "Bearer wrong"))).headers());
        assertEquals(Map.of("WWW-Authenticate", "Bearer realm=\"api\", error=\"invalid_token\""),
                denied(BEARER.check(get("/").header("Authorization", "Basic abc"))).headers());
        assertEquals(List.of("authorization"), BEARER.credentialHeaders());
        assertEquals(List.of("authorization"), BASIC.credentialHeaders());
    }

    @Test
    void realmIsQuotedAndCannotSplitTheHeader() {
        AccessPolicy policy = AccessPolicies.basic("my \"api\"", (u, p) -> false);
        assertEquals("Basic realm=\"my \\\"api\\\"\", charset=\"UTF-8\"", denied(policy.check(get("/"))).headers().get("WWW-Authenticate"));
        assertEquals("realm: 'a\r\nb' (expected: visible characters and spaces, e.g. \"api\")",
                assertThrows(IllegalArgumentException.class, () -> AccessPolicies.bearer("a\r\nb", t -> true)).getMessage());
    }
}

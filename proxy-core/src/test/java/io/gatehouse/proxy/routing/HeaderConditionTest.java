package io.gatehouse.proxy.routing;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class HeaderConditionTest {

    @Test
    void presentHoldsEvenForAnEmptyValue() {
        HeaderCondition canary = HeaderCondition.present("X-Canary");

        assertTrue(canary.test(get("/").header("X-Canary", "")));
        assertFalse(canary.test(get("/")));
    }

    @Test
    void headerNameIsCaseInsensitive() {
        assertTrue(HeaderCondition.equalTo("X-Tenant", "acme").test(get("/").header("x-tenant", "acme")));
        assertTrue(HeaderCondition.present("x-canary").test(get("/").header("X-CANARY", "1")));
    }

    @Test
    void equalValueIsCaseSensitive() {
        HeaderCondition tenant = HeaderCondition.equalTo("X-Tenant", "acme");

        assertTrue(tenant.test(get("/").header("X-Tenant", "acme")));
        assertFalse(tenant.test(get("/").header("X-Tenant", "Acme")));
        assertFalse(tenant.test(get("/").header("X-Tenant", "acme ")));
        assertFalse(tenant.test(get("/")));
    }

    @Test
    void regexMustMatchTheWholeValue() {
        HeaderCondition version = HeaderCondition.matching("X-Version", "v[0-9]+");

        assertTrue(version.test(get("/").header("X-Version", "v2")));
        assertFalse(version.test(get("/").header("X-Version", "v2-beta")));
        assertFalse(version.test(get("/").header("X-Version", "xv2")));
        assertFalse(version.test(get("/")));
    }

    @Test
    void oneOfSeveralHeaderLinesIsEnough() {
        assertTrue(HeaderCondition.equalTo("Accept", "text/html")
                .test(get("/").header("Accept", "application/json").header("Accept", "text/html")));
        assertTrue(HeaderCondition.matching("X-Version", "v[0-9]")
                .test(get("/").header("X-Version", "beta").header("X-Version", "v3")));
    }

    @Test
    void invalidRegexIsRejected() {
        assertThrows(PatternSyntaxException.class, () -> HeaderCondition.matching("X-Version", "v[0-9"));
    }

    @Test
    void conditionsEqualIgnoringNameCaseButNotMode() {
        assertEquals(HeaderCondition.equalTo("X-A", "1"), HeaderCondition.equalTo("x-a", "1"));
        assertEquals(HeaderCondition.equalTo("X-A", "1").hashCode(), HeaderCondition.equalTo("x-a", "1").hashCode());
        assertNotEquals(HeaderCondition.equalTo("X-A", "1"), HeaderCondition.matching("X-A", "1"));
        assertNotEquals(HeaderCondition.equalTo("X-A", "1"), HeaderCondition.equalTo("X-A", "2"));
        assertNotEquals(HeaderCondition.present("X-A"), HeaderCondition.present("X-B"));
    }
}

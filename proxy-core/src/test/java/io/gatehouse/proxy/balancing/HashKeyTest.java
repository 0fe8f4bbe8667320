package io.gatehouse.proxy.balancing;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HashKeyTest {

    @Test
    void keysComeFromTheirPartOfTheRequest() {
        var request = get("/users/7").header("X-User", "alice").header("Cookie", "a=1; sid=s-42; b=2")
                .remoteAddress("198.51.100.9");

        assertEquals("alice", HashKey.header("x-user").value(request));
        assertEquals("s-42", HashKey.cookie("sid").value(request));
        assertEquals("198.51.100.9", HashKey.clientIp().value(request));
        assertEquals("/users/7", HashKey.path().value(request));
    }

    @Test
    void absentHeadersAndCookiesHaveNoKey() {
        assertNull(HashKey.header("X-User").value(get("/")));
        assertNull(HashKey.cookie("sid").value(get("/").header("Cookie", "sidx=1; xsid=2")));
    }

    @Test
    void cookiesAreFoundAcrossLinesWithSpacesAndQuotes() {
        var request = get("/").header("Cookie", "theme=dark").header("Cookie", " sid = \"q-1\" ;other=x");

        assertEquals("q-1", Cookies.value(request, "sid"));
        assertEquals("dark", Cookies.value(request, "theme"));
        assertEquals("x", Cookies.value(request, "other"));
        assertEquals("", Cookies.value(get("/").header("Cookie", "empty="), "empty"));
    }

    @Test
    void cookieNamesAreCaseSensitive() {
        assertNull(Cookies.value(get("/").header("Cookie", "SID=1"), "sid"));
    }

    @Test
    void namesMustBeTokens() {
        assertEquals("cookie name: 'a b' (expected: a token such as 'X-User-Id')",
                assertThrows(IllegalArgumentException.class, () -> HashKey.cookie("a b")).getMessage());
        assertEquals("header name: '' (expected: a token such as 'X-User-Id')",
                assertThrows(IllegalArgumentException.class, () -> HashKey.header("")).getMessage());
    }
}

package io.gatehouse.proxy.routing;

import io.gatehouse.proxy.Route;
import static io.gatehouse.proxy.http.FakeRequest.get;
import static io.gatehouse.proxy.routing.Tables.routeId;
import static io.gatehouse.proxy.routing.Tables.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    @Test
    void prefixMatchesWholeSegmentsOnly() {
        RouteTable<Route> table = table(b -> b.route("users", r -> r.pathPrefix("/users").to("g")));

        assertEquals("users", routeId(table, get("/users")));
        assertEquals("users", routeId(table, get("/users/")));
        assertEquals("users", routeId(table, get("/users/7")));
        assertEquals("users", routeId(table, get("/users/7/orders")));
        assertNull(routeId(table, get("/usersX")));
        assertNull(routeId(table, get("/user")));
        assertNull(routeId(table, get("/")));
    }

    @Test
    void prefixWithTrailingSlashMatchesLikeWithout() {
        RouteTable<Route> table = table(b -> b.route("users", r -> r.pathPrefix("/users/").to("g")));

        assertEquals("users", routeId(table, get("/users")));
        assertEquals("users", routeId(table, get("/users/7")));
        assertNull(routeId(table, get("/usersX")));
    }

    @Test
    void multiSegmentPrefixNeedsEverySegment() {
        RouteTable<Route> table = table(b -> b.route("v1-users", r -> r.pathPrefix("/v1/users").to("g")));

        assertEquals("v1-users", routeId(table, get("/v1/users/7")));
        assertNull(routeId(table, get("/v1")));
        assertNull(routeId(table, get("/v1/usersX")));
        assertNull(routeId(table, get("/v2/users")));
    }

    @Test
    void pathMatchingIsCaseSensitiveAndOnTheRawPath() {
        RouteTable<Route> table = table(b -> b.route("cafe", r -> r.pathPrefix("/caf%C3%A9").to("g")));

        assertEquals("cafe", routeId(table, get("/caf%C3%A9/menu")));
        assertNull(routeId(table, get("/caf%c3%a9/menu")));
        assertNull(routeId(table, get("/café/menu")));
        assertNull(routeId(table, get("/CAF%C3%A9/menu")));
    }

    @Test
    void rootPrefixMatchesEveryPath() {
        RouteTable<Route> table = table(b -> b.route("all", r -> r.pathPrefix("/").to("g")));

        assertEquals("all", routeId(table, get("/")));
        assertEquals("all", routeId(table, get("/anything")));
        assertEquals("all", routeId(table, get("/a/b/c/")));
    }

    @Test
    void routeWithoutPathMatchesEveryPath() {
        RouteTable<Route> table = table(b -> b.route("all", r -> r.to("g")));

        assertEquals("all", routeId(table, get("/")));
        assertEquals("all", routeId(table, get("/x/y")));
    }

    @Test
    void exactPathMatchesThatPathOnly() {
        RouteTable<Route> table = table(b -> b.route("health", r -> r.path("/health").to("g")));

        assertEquals("health", routeId(table, get("/health")));
        assertNull(routeId(table, get("/health/")));
        assertNull(routeId(table, get("/health/live")));
        assertNull(routeId(table, get("/healthz")));
        assertNull(routeId(table, get("/")));
    }

    @Test
    void exactRootMatchesOnlyTheRoot() {
        RouteTable<Route> table = table(b -> b.route("root", r -> r.path("/").to("g")));

        assertEquals("root", routeId(table, get("/")));
        assertNull(routeId(table, get("/x")));
    }

    @Test
    void templateCapturesOneSegmentPerVariable() {
        RouteTable<Route> table = table(b -> b.route("orders", r -> r.pathTemplate("/users/{id}/orders/{order}").to("g")));

        RouteMatch<Route> match = table.match(get("/users/7/orders/42"));

        assertEquals("orders", match.route().id());
        assertEquals(Map.of("id", "7", "order", "42"), match.variables());
        assertEquals(0, match.prefixLength());
        assertNull(table.match(get("/users/7/orders")));
        assertNull(table.match(get("/users/7/orders/42/items")));
        assertNull(table.match(get("/users/7/invoices/42")));
    }

    @Test
    void templateVariablesAreRawPercentEncodedValues() {
        RouteTable<Route> table = table(b -> b.route("user", r -> r.pathTemplate("/users/{id}").to("g")));

        assertEquals(Map.of("id", "a%2Fb"), table.match(get("/users/a%2Fb")).variables());
    }

    @Test
    void catchAllCapturesTheRestIncludingNothing() {
        RouteTable<Route> table = table(b -> b.route("files", r -> r.pathTemplate("/files/{*rest}").to("g")));

        assertEquals(Map.of("rest", "a/b/c.txt"), table.match(get("/files/a/b/c.txt")).variables());
        assertEquals(Map.of("rest", "a"), table.match(get("/files/a")).variables());
        assertEquals(Map.of("rest", ""), table.match(get("/files")).variables());
        assertEquals(Map.of("rest", ""), table.match(get("/files/")).variables());
        assertNull(table.match(get("/filesX/a")));
    }

    @Test
    void catchAllAfterAVariableCapturesBoth() {
        RouteTable<Route> table = table(b -> b.route("blobs", r -> r.pathTemplate("/buckets/{bucket}/{*key}").to("g")));

        assertEquals(Map.of("bucket", "b1", "key", "dir/obj"), table.match(get("/buckets/b1/dir/obj")).variables());
        assertEquals(Map.of("bucket", "b1", "key", ""), table.match(get("/buckets/b1")).variables());
    }

    @Test
    void rootCatchAllCapturesTheWholePathWithoutItsSlash() {
        RouteTable<Route> table = table(b -> b.route("all", r -> r.pathTemplate("/{*path}").to("g")));

        assertEquals(Map.of("path", "a/b"), table.match(get("/a/b")).variables());
        assertEquals(Map.of("path", ""), table.match(get("/")).variables());
    }

    @Test
    void prefixAndExactMatchesCaptureNoVariables() {
        RouteTable<Route> table = table(b -> b.route("users", r -> r.pathPrefix("/users").to("g")));

        assertEquals(Map.of(), table.match(get("/users/7")).variables());
    }

    @Test
    void hostMatchesExactlyIgnoringCaseOfThePattern() {
        RouteTable<Route> table = table(b -> b.route("api", r -> r.host("API.Example.COM").to("g")));

        assertEquals("api", routeId(table, get("/").host("api.example.com")));
        assertNull(routeId(table, get("/").host("www.example.com")));
        assertNull(routeId(table, get("/").host("example.com")));
    }

    @Test
    void wildcardHostMatchesSubdomainsButNotTheDomainItself() {
        RouteTable<Route> table = table(b -> b.route("tenants", r -> r.host("*.Example.com").to("g")));

        assertEquals("tenants", routeId(table, get("/").host("a.example.com")));
        assertEquals("tenants", routeId(table, get("/").host("a.b.example.com")));
        assertNull(routeId(table, get("/").host("example.com")));
        assertNull(routeId(table, get("/").host("badexample.com")));
    }

    @Test
    void anyOfSeveralHostsIsEnough() {
        RouteTable<Route> table = table(b -> b.route("api", r -> r.host("a.example.com", "b.example.com").to("g")));

        assertEquals("api", routeId(table, get("/").host("b.example.com")));
        assertNull(routeId(table, get("/").host("c.example.com")));
    }

    @Test
    void methodSetRestrictsTheRoute() {
        RouteTable<Route> table = table(b -> b.route("writes", r -> r.methods("post", "PUT").to("g")));

        assertEquals("writes", routeId(table, get("/").method("POST")));
        assertEquals("writes", routeId(table, get("/").method("PUT")));
        assertNull(routeId(table, get("/").method("GET")));
        // RFC 9110 §9.1: the method token is case-sensitive
        assertNull(routeId(table, get("/").method("post")));
    }

    @Test
    void headerConditionsMustAllHold() {
        RouteTable<Route> table = table(b -> b
                .route("present", r -> r.pathPrefix("/p").header("X-Canary").to("g"))
                .route("equals", r -> r.pathPrefix("/e").header("X-Tenant", "acme").to("g"))
                .route("regex", r -> r.pathPrefix("/r").headerMatches("X-Version", "v[0-9]+").to("g"))
                .route("both", r -> r.pathPrefix("/b").header("X-A").header("X-B", "1").to("g")));

        assertEquals("present", routeId(table, get("/p").header("x-canary", "")));
        assertNull(routeId(table, get("/p")));
        assertEquals("equals", routeId(table, get("/e").header("X-Tenant", "acme")));
        assertNull(routeId(table, get("/e").header("X-Tenant", "ACME")));
        assertEquals("regex", routeId(table, get("/r").header("X-Version", "v12")));
        assertNull(routeId(table, get("/r").header("X-Version", "v12-beta")));
        assertEquals("both", routeId(table, get("/b").header("X-A", "x").header("X-B", "1")));
        assertNull(routeId(table, get("/b").header("X-A", "x")));
    }

    @Test
    void queryConditionsCompareDecodedValues() {
        RouteTable<Route> table = table(b -> b
                .route("debug", r -> r.pathPrefix("/d").queryParam("debug").to("g"))
                .route("search", r -> r.pathPrefix("/s").queryParam("q", "a b").to("g")));

        assertEquals("debug", routeId(table, get("/d").query("x=1&debug")));
        assertNull(routeId(table, get("/d").query("debugging=1")));
        assertNull(routeId(table, get("/d")));
        assertEquals("search", routeId(table, get("/s").query("q=a+b")));
        assertEquals("search", routeId(table, get("/s").query("q=a%20b")));
        assertNull(routeId(table, get("/s").query("q=a")));
    }

    @Test
    void noMatchingRouteGivesNull() {
        RouteTable<Route> table = table(b -> b
                .route("users", r -> r.pathPrefix("/users").to("g"))
                .route("user", r -> r.pathTemplate("/user/{id}").to("g"))
                .route("health", r -> r.path("/health").to("g")));

        assertNull(table.match(get("/orders")));
        assertNull(table.match(get("/")));
        assertNull(RouteTable.compile(List.of()).match(get("/")));
    }

    @Test
    void failedConditionsFallBackToTheNextMatchingRoute() {
        RouteTable<Route> table = table(b -> b
                .route("admin", r -> r.pathPrefix("/users/admin").header("X-Admin").to("g"))
                .route("users", r -> r.pathPrefix("/users").to("g")));

        assertEquals("admin", routeId(table, get("/users/admin/1").header("X-Admin", "yes")));
        assertEquals("users", routeId(table, get("/users/admin/1")));
    }

    @Test
    void prefixLengthIsTheLengthOfThePathPartThePrefixCovers() {
        RouteTable<Route> table = table(b -> b
                .route("users", r -> r.pathPrefix("/users").to("g"))
                .route("v1", r -> r.pathPrefix("/api/v1/").to("g"))
                .route("exact", r -> r.path("/health").to("g")));

        assertEquals(6, table.match(get("/users")).prefixLength());
        assertEquals(6, table.match(get("/users/")).prefixLength());
        assertEquals(6, table.match(get("/users/7")).prefixLength());
        assertEquals(7, table.match(get("/api/v1/x")).prefixLength());
        assertEquals(0, table.match(get("/health")).prefixLength());
    }

    @Test
    void rootPrefixCoversNothing() {
        RouteTable<Route> table = table(b -> b.route("all", r -> r.pathPrefix("/").to("g")));

        assertEquals(0, table.match(get("/users/7")).prefixLength());
    }
}

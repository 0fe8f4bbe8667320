package io.gatehouse.proxy.routing;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static io.gatehouse.proxy.routing.Tables.routeId;
import static io.gatehouse.proxy.routing.Tables.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.proxy.Route;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per rule of the order documented on {@link RouteOrder}, each checked through lookups. */
class RouteOrderTest {

    @Test
    void explicitOrderComesBeforeEverythingElse() {
        RouteTable<Route> table = table(b -> b
                .route("exact", r -> r.path("/users").host("api.example.com").header("X-A").to("g"))
                .route("first", r -> r.pathPrefix("/").order(-1).to("g")));

        assertEquals("first", routeId(table, get("/users").host("api.example.com").header("X-A", "1")));
    }

    @Test
    void higherOrderValueComesLater() {
        RouteTable<Route> table = table(b -> b
                .route("late", r -> r.path("/users").order(10).to("g"))
                .route("early", r -> r.pathPrefix("/").order(1).to("g")));

        assertEquals("early", routeId(table, get("/users")));
    }

    @Test
    void exactHostComesBeforeWildcardHostBeforeAnyHost() {
        RouteTable<Route> table = table(b -> b
                .route("any", r -> r.to("g"))
                .route("wildcard", r -> r.host("*.example.com").to("g"))
                .route("exact", r -> r.host("api.example.com").to("g")));

        assertEquals("exact", routeId(table, get("/").host("api.example.com")));
        assertEquals("wildcard", routeId(table, get("/").host("www.example.com")));
        assertEquals("any", routeId(table, get("/").host("example.org")));
    }

    @Test
    void longerWildcardHostComesFirst() {
        RouteTable<Route> table = table(b -> b
                .route("short", r -> r.host("*.example.com").to("g"))
                .route("long", r -> r.host("*.eu.example.com").to("g")));

        assertEquals("long", routeId(table, get("/").host("a.eu.example.com")));
        assertEquals("short", routeId(table, get("/").host("a.us.example.com")));
    }

    @Test
    void hostIsChosenBeforePath() {
        // like nginx: the virtual host first, then the location within it
        RouteTable<Route> table = table(b -> b
                .route("exact-path", r -> r.path("/users/7").to("g"))
                .route("host", r -> r.host("api.example.com").to("g")));

        assertEquals("host", routeId(table, get("/users/7").host("api.example.com")));
        assertEquals("exact-path", routeId(table, get("/users/7").host("example.org")));
    }

    @Test
    void exactPathComesBeforeTemplateBeforePrefix() {
        RouteTable<Route> table = table(b -> b
                .route("prefix", r -> r.pathPrefix("/users").to("g"))
                .route("template", r -> r.pathTemplate("/users/{id}").to("g"))
                .route("exact", r -> r.path("/users/me").to("g")));

        assertEquals("exact", routeId(table, get("/users/me")));
        assertEquals("template", routeId(table, get("/users/7")));
        assertEquals("prefix", routeId(table, get("/users/7/orders")));
    }

    @Test
    void templateWithMoreLiteralSegmentsComesFirst() {
        RouteTable<Route> table = table(b -> b
                .route("vague", r -> r.pathTemplate("/{kind}/{id}").to("g"))
                .route("users", r -> r.pathTemplate("/users/{id}").to("g")));

        assertEquals("users", routeId(table, get("/users/7")));
        assertEquals("vague", routeId(table, get("/orders/7")));
        assertEquals(Map.of("kind", "orders", "id", "7"), table.match(get("/orders/7")).variables());
    }

    @Test
    void templateWithMoreSegmentsComesFirstWhenLiteralsTie() {
        RouteTable<Route> table = table(b -> b
                .route("short", r -> r.pathTemplate("/files/{*rest}").to("g"))
                .route("long", r -> r.pathTemplate("/files/{dir}/{*rest}").to("g")));

        RouteMatch<Route> match = table.match(get("/files/a/b"));

        assertEquals("long", match.route().id());
        assertEquals(Map.of("dir", "a", "rest", "b"), match.variables());
    }

    @Test
    void longerPrefixComesFirst() {
        RouteTable<Route> table = table(b -> b
                .route("root", r -> r.pathPrefix("/").to("g"))
                .route("users", r -> r.pathPrefix("/users").to("g"))
                .route("admin", r -> r.pathPrefix("/users/admin").to("g")));

        assertEquals("admin", routeId(table, get("/users/admin/1")));
        assertEquals("users", routeId(table, get("/users/1")));
        assertEquals("root", routeId(table, get("/orders")));
    }

    @Test
    void moreConditionsComeFirst() {
        RouteTable<Route> table = table(b -> b
                .route("plain", r -> r.pathPrefix("/users").to("g"))
                .route("get", r -> r.pathPrefix("/users").methods("GET").to("g"))
                .route("canary", r -> r.pathPrefix("/users").methods("GET").header("X-Canary").to("g")));

        assertEquals("canary", routeId(table, get("/users").header("X-Canary", "1")));
        assertEquals("get", routeId(table, get("/users")));
        assertEquals("plain", routeId(table, get("/users").method("POST")));
    }

    @Test
    void declarationOrderBreaksTheLastTie() {
        var both = get("/users").header("X-A", "1").header("X-B", "1");

        assertEquals("a", routeId(table(b -> b
                .route("a", r -> r.pathPrefix("/users").header("X-A").to("g"))
                .route("b", r -> r.pathPrefix("/users").header("X-B").to("g"))), both));
        assertEquals("b", routeId(table(b -> b
                .route("b", r -> r.pathPrefix("/users").header("X-B").to("g"))
                .route("a", r -> r.pathPrefix("/users").header("X-A").to("g"))), both));
    }

    @Test
    void routesInOrderListsTheRanking() {
        RouteTable<Route> table = table(b -> b
                .route("root", r -> r.pathPrefix("/").to("g"))
                .route("users", r -> r.pathPrefix("/users").to("g"))
                .route("template", r -> r.pathTemplate("/users/{id}").to("g"))
                .route("exact", r -> r.path("/users/me").to("g"))
                .route("host", r -> r.host("api.example.com").to("g"))
                .route("ordered", r -> r.pathPrefix("/late").order(1).to("g")));

        assertEquals(List.of("host", "exact", "template", "users", "root", "ordered"),
                table.routesInOrder().stream().map(Route::id).toList());
    }
}

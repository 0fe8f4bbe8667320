package io.gatehouse.proxy.routing;

import static io.gatehouse.proxy.http.FakeRequest.get;
import static io.gatehouse.proxy.routing.Tables.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.Route;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PathRewriteTest {

    /** The upstream path for {@code path} under the only route {@code route} declares. */
    private static String rewrite(Consumer<Route.Builder> route, String path) {
        RouteMatch<Route> match = table(b -> b.route("r", r -> route.accept(r.to("g")))).match(get(path));
        return match.route().rewrite().apply(path, match);
    }

    @Test
    void noRewriteKeepsThePath() {
        assertEquals("/users/7", rewrite(r -> r.pathPrefix("/users"), "/users/7"));
        assertSame(PathRewrite.none(), PathRewrite.prefix(false, ""));
        assertSame(PathRewrite.none(), PathRewrite.prefix(false, null));
    }

    @Test
    void stripPrefixRemovesTheMatchedSegments() {
        assertEquals("/7", rewrite(r -> r.pathPrefix("/users").stripPrefix(), "/users/7"));
        assertEquals("/7/orders", rewrite(r -> r.pathPrefix("/users").stripPrefix(), "/users/7/orders"));
        assertEquals("/", rewrite(r -> r.pathPrefix("/users").stripPrefix(), "/users"));
        assertEquals("/", rewrite(r -> r.pathPrefix("/users").stripPrefix(), "/users/"));
    }

    @Test
    void stripOfTheRootPrefixKeepsThePath() {
        assertEquals("/users/7", rewrite(r -> r.pathPrefix("/").stripPrefix(), "/users/7"));
    }

    @Test
    void stripAndAddPrefixReplacesThePrefix() {
        assertEquals("/v1/7", rewrite(r -> r.pathPrefix("/users").stripPrefix().addPrefix("/v1"), "/users/7"));
        assertEquals("/v1", rewrite(r -> r.pathPrefix("/users").stripPrefix().addPrefix("/v1"), "/users"));
        assertEquals("/v1", rewrite(r -> r.pathPrefix("/users").stripPrefix().addPrefix("/v1/"), "/users"));
    }

    @Test
    void addPrefixOnlyPutsItInFront() {
        assertEquals("/v1/users/7", rewrite(r -> r.pathPrefix("/users").addPrefix("/v1"), "/users/7"));
        assertEquals("/v1/users", rewrite(r -> r.pathPrefix("/users").addPrefix("/v1/"), "/users"));
    }

    @Test
    void templateIsExpandedWithTheCapturedVariables() {
        assertEquals("/v2/accounts/7/orders/42", rewrite(
                r -> r.pathTemplate("/users/{id}/orders/{order}").rewritePath("/v2/accounts/{id}/orders/{order}"),
                "/users/7/orders/42"));
        assertEquals("/42-7", rewrite(
                r -> r.pathTemplate("/users/{id}/orders/{order}").rewritePath("/{order}-{id}"), "/users/7/orders/42"));
    }

    @Test
    void templateIsExpandedWithTheCatchAll() {
        assertEquals("/store/a/b.txt", rewrite(r -> r.pathTemplate("/files/{*rest}").rewritePath("/store/{*rest}"),
                "/files/a/b.txt"));
        assertEquals("/store/", rewrite(r -> r.pathTemplate("/files/{*rest}").rewritePath("/store/{*rest}"), "/files"));
    }

    @Test
    void rawPercentEncodedPathIsKeptAsItIs() {
        assertEquals("/a%2Fb/caf%C3%A9",
                rewrite(r -> r.pathPrefix("/users").stripPrefix(), "/users/a%2Fb/caf%C3%A9"));
        assertEquals("/v2/a%2Fb%20c",
                rewrite(r -> r.pathTemplate("/users/{id}").rewritePath("/v2/{id}"), "/users/a%2Fb%20c"));
        assertEquals("/v1/a%3Fb", rewrite(r -> r.pathPrefix("/users").stripPrefix().addPrefix("/v1"), "/users/a%3Fb"));
    }

    @Test
    void publicAndUpstreamPrefixesDescribeWhatWasStrippedAndAdded() {
        RouteMatch<Route> match = table(b -> b.route("r", r -> r.pathPrefix("/users").stripPrefix().addPrefix("/v1").to("g")))
                .match(get("/users/7"));
        PathRewrite rewrite = match.route().rewrite();

        assertEquals("/users", rewrite.publicPrefix("/users/7", match));
        assertEquals("/v1", rewrite.upstreamPrefix());
        assertTrue(rewrite.stripsPrefix());
    }

    @Test
    void keptPathHasNoPublicPrefix() {
        RouteMatch<Route> match = table(b -> b.route("r", r -> r.pathPrefix("/users").to("g"))).match(get("/users/7"));

        assertEquals("", match.route().rewrite().publicPrefix("/users/7", match));
        assertEquals("", match.route().rewrite().upstreamPrefix());
        assertFalse(match.route().rewrite().stripsPrefix());
    }

    @Test
    void templateVariablesAreListedInOrder() {
        assertEquals(List.of("b", "a", "rest"), PathRewrite.template("/x/{b}/{a}/{*rest}").templateVariables());
        assertEquals(List.of(), PathRewrite.prefix(true, "/v1").templateVariables());
    }

    @Test
    void malformedTemplatesAndPrefixesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PathRewrite.template("v2/{id}"));
        assertThrows(IllegalArgumentException.class, () -> PathRewrite.template("/v2/{id"));
        assertThrows(IllegalArgumentException.class, () -> PathRewrite.template("/v2/{1d}"));
        assertThrows(IllegalArgumentException.class, () -> PathRewrite.prefix(true, "v1"));
    }
}

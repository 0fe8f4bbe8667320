package io.gatehouse.proxy;

import static io.gatehouse.proxy.Configs.problemsOf;
import static io.gatehouse.proxy.Configs.withUsersGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.routing.PathPattern;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RouteTest {

    private static List<String> problemsOfRoute(Consumer<Route.Builder> route) {
        return problemsOf(withUsersGroup().route("r", route));
    }

    private static Route route(Consumer<Route.Builder> route) {
        return withUsersGroup().route("r", route).build().routes().get(0);
    }

    @Test
    void defaultsMatchEveryPathWithoutRewriteOrCache() {
        Route route = route(r -> r.to("users"));

        assertEquals(PathPattern.prefix("/"), route.path());
        assertEquals(0, route.order());
        assertTrue(route.hosts().isEmpty());
        assertTrue(route.methods().isEmpty());
        assertFalse(route.preserveHost());
        assertFalse(route.passServerHeaders());
        assertFalse(route.rewrite().stripsPrefix());
        assertFalse(route.cache().storesAnything());
        assertEquals(Route.DEFAULT_CONNECT_TIMEOUT, route.connectTimeout());
        assertEquals(Route.DEFAULT_RESPONSE_TIMEOUT, route.responseTimeout());
        assertEquals(Route.DEFAULT_IDLE_TIMEOUT, route.idleTimeout());
    }

    @Test
    void methodsAreStoredUpperCase() {
        assertEquals(Set.of("GET", "POST"), route(r -> r.methods("get", "Post").to("users")).methods());
    }

    @Test
    void routeWithoutGroupIsRejected() {
        assertEquals(List.of("route 'r' has no upstream group; add .to(\"group-id\")"),
                problemsOfRoute(r -> r.pathPrefix("/users")));
    }

    @Test
    void pathPatternMustStartWithSlash() {
        assertEquals(List.of("route 'r': path 'users' must start with '/' (e.g. '/users')"),
                problemsOfRoute(r -> r.pathPrefix("users").to("users")));
        assertEquals(1, problemsOfRoute(r -> r.path("health").to("users")).size());
        assertEquals(1, problemsOfRoute(r -> r.pathTemplate("users/{id}").to("users")).size());
    }

    @Test
    void secondPathMatcherOnOneRouteIsRejected() {
        assertEquals(List.of("route 'r': path '/users/me' given after pathPrefix '/users';"
                + " a route has one path matcher, split it into two routes"),
                problemsOfRoute(r -> r.pathPrefix("/users").path("/users/me").to("users")));
    }

    @Test
    void invalidPathTemplateIsRejected() {
        assertEquals(List.of("route 'r': path template '/users/id{id}': segment 'id{id}' mixes text and a variable"
                + " (expected: a whole segment such as {id})"),
                problemsOfRoute(r -> r.pathTemplate("/users/id{id}").to("users")));
        assertEquals(List.of("route 'r': path template '/files/{*rest}/x': catch-all '{*rest}' must be the last segment"),
                problemsOfRoute(r -> r.pathTemplate("/files/{*rest}/x").to("users")));
        assertEquals(List.of("route 'r': path template '/{id}/{id}': variable 'id' appears twice (expected: unique names)"),
                problemsOfRoute(r -> r.pathTemplate("/{id}/{id}").to("users")));
    }

    @Test
    void stripPrefixOnANonPrefixRouteIsRejected() {
        assertEquals(List.of("route 'r': stripPrefix needs a pathPrefix route, not exact /users;"
                + " use rewritePath for templates"), problemsOfRoute(r -> r.path("/users").stripPrefix().to("users")));
        assertEquals(List.of("route 'r': stripPrefix needs a pathPrefix route, not template /users/{id};"
                + " use rewritePath for templates"),
                problemsOfRoute(r -> r.pathTemplate("/users/{id}").stripPrefix().to("users")));
    }

    @Test
    void rewritePathUsingAVariableThePathDoesNotCaptureIsRejected() {
        assertEquals(List.of("route 'r': rewritePath '/v2/{name}' uses {name}, which the path does not capture;"
                + " use pathTemplate with {name}"),
                problemsOfRoute(r -> r.pathTemplate("/users/{id}").rewritePath("/v2/{name}").to("users")));
        assertEquals(1, problemsOfRoute(r -> r.pathPrefix("/users").rewritePath("/v2/{id}").to("users")).size());
    }

    @Test
    void rewritePathCombinedWithPrefixOptionsIsRejected() {
        assertEquals(List.of("route 'r': rewritePath cannot be combined with stripPrefix or addPrefix;"
                + " put the prefix into the template"),
                problemsOfRoute(r -> r.pathTemplate("/users/{id}").rewritePath("/v2/{id}").addPrefix("/v1").to("users")));
    }

    @Test
    void addedPrefixMustStartWithSlash() {
        assertEquals(List.of("route 'r': added prefix 'v1' must start with '/' (e.g. '/v1')"),
                problemsOfRoute(r -> r.pathPrefix("/users").addPrefix("v1").to("users")));
    }

    @Test
    void invalidHeaderRegexIsRejected() {
        assertEquals(List.of("route 'r': header 'X-Version' regex 'v[0-9' is invalid: Unclosed character class;"
                + " fix the expression"), problemsOfRoute(r -> r.headerMatches("X-Version", "v[0-9").to("users")));
    }

    @Test
    void hostPatternWithPortIsRejected() {
        assertEquals(List.of("route 'r': host pattern 'api.example.com:8080' has a port;"
                + " ports are ignored when matching, remove it"),
                problemsOfRoute(r -> r.host("api.example.com:8080").to("users")));
    }

    @Test
    void hostPatternWithMisplacedWildcardIsRejected() {
        assertEquals(List.of("route 'r': host pattern 'api.*.com': '*' is only allowed as the whole first label,"
                + " e.g. '*.example.com'"), problemsOfRoute(r -> r.host("api.*.com").to("users")));
        assertEquals(1, problemsOfRoute(r -> r.host("*api.example.com").to("users")).size());
    }

    @Test
    void invalidMethodTokenIsRejected() {
        assertEquals(List.of("route 'r': method 'GET POST' is not a valid HTTP method token"),
                problemsOfRoute(r -> r.methods("GET POST").to("users")));
    }

    @Test
    void nonPositiveTimeoutsAreRejected() {
        assertEquals(List.of(
                "route 'r': connectTimeout PT0S is invalid (expected: a positive duration)",
                "route 'r': responseTimeout PT-1S is invalid (expected: a positive duration)",
                "route 'r': idleTimeout PT0S is invalid (expected: a positive duration)"),
                problemsOfRoute(r -> r.to("users")
                        .connectTimeout(Duration.ZERO)
                        .responseTimeout(Duration.ofSeconds(-1))
                        .idleTimeout(Duration.ZERO)));
    }

    @Test
    void positiveTimeoutsAreKept() {
        Route route = route(r -> r.to("users").connectTimeout(Duration.ofMillis(1))
                .responseTimeout(Duration.ofSeconds(2)).idleTimeout(Duration.ofSeconds(3)));

        assertEquals(Duration.ofMillis(1), route.connectTimeout());
        assertEquals(Duration.ofSeconds(2), route.responseTimeout());
        assertEquals(Duration.ofSeconds(3), route.idleTimeout());
    }

    @Test
    void everyProblemOfOneRouteIsReported() {
        List<String> problems = problemsOfRoute(r -> r.pathPrefix("users").host("a.com:1")
                .headerMatches("X", "(").idleTimeout(Duration.ZERO));

        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.startsWith("route 'r'")), problems.toString());
    }
}

package io.gatehouse.proxy;

import static io.gatehouse.proxy.Configs.problemsOf;
import static io.gatehouse.proxy.Configs.withUsersGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteOverlapTest {

    @Test
    void routesWithIdenticalMatchersAreRejected() {
        assertEquals(List.of("route 'b' has the same matchers as route 'a' (prefix /users), so one of them could never"
                + " be chosen; change its path, host, methods, headers or query conditions, or remove it"),
                problemsOf(withUsersGroup()
                        .route("a", r -> r.pathPrefix("/users").to("users"))
                        .route("b", r -> r.pathPrefix("/users").to("users"))));
    }

    @Test
    void templatesThatDifferOnlyInVariableNamesOverlap() {
        List<String> problems = problemsOf(withUsersGroup()
                .route("a", r -> r.pathTemplate("/users/{id}").to("users"))
                .route("b", r -> r.pathTemplate("/users/{name}").to("users")));

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("route 'b' has the same matchers as route 'a'"), problems.get(0));
    }

    @Test
    void templateWithoutVariablesOverlapsTheSameExactPath() {
        assertEquals(1, problemsOf(withUsersGroup()
                .route("a", r -> r.path("/users").to("users"))
                .route("b", r -> r.pathTemplate("/users").to("users"))).size());
    }

    @Test
    void trailingSlashOfAPrefixDoesNotMakeItDifferent() {
        assertEquals(1, problemsOf(withUsersGroup()
                .route("a", r -> r.pathPrefix("/users").to("users"))
                .route("b", r -> r.pathPrefix("/users/").to("users"))).size());
    }

    @Test
    void hostsHeadersQueryAndMethodsDeclaredInAnotherOrderStillOverlap() {
        List<String> problems = problemsOf(withUsersGroup()
                .route("a", r -> r.pathPrefix("/users").host("a.example.com", "*.example.org")
                        .methods("GET", "POST").header("X-A").header("X-B", "1").queryParam("p").queryParam("q", "2")
                        .to("users"))
                .route("b", r -> r.pathPrefix("/users").host("*.EXAMPLE.org", "a.example.com")
                        .methods("post", "get").header("x-b", "1").header("x-a").queryParam("q", "2").queryParam("p")
                        .to("users")));

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("route 'b' has the same matchers as route 'a'"), problems.get(0));
    }

    @Test
    void routesThatDifferInAnyMatcherDoNotOverlap() {
        withUsersGroup()
                .route("prefix", r -> r.pathPrefix("/users").to("users"))
                .route("exact", r -> r.path("/users").to("users"))
                .route("host", r -> r.pathPrefix("/users").host("a.example.com").to("users"))
                .route("method", r -> r.pathPrefix("/users").methods("GET").to("users"))
                .route("header", r -> r.pathPrefix("/users").header("X-A").to("users"))
                .route("header-value", r -> r.pathPrefix("/users").header("X-A", "1").to("users"))
                .route("header-regex", r -> r.pathPrefix("/users").headerMatches("X-A", "1").to("users"))
                .route("query", r -> r.pathPrefix("/users").queryParam("p").to("users"))
                .route("query-value", r -> r.pathPrefix("/users").queryParam("p", "1").to("users"))
                .build();
    }
}

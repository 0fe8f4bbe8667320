package io.gatehouse.proxy;

import static io.gatehouse.proxy.Configs.problemsOf;
import static io.gatehouse.proxy.Configs.withUsersGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {

    @Test
    void validConfigurationBuildsWithGroupsAndRoutesInDeclarationOrder() {
        ProxyConfig config = ProxyConfig.builder()
                .upstreamGroup("users", g -> g.upstream("http://127.0.0.1:9001").upstream("http://127.0.0.1:9002"))
                .upstreamGroup("orders", g -> g.upstream("https://orders.internal/v1"))
                .route("users-api", r -> r.pathPrefix("/users").to("users"))
                .route("orders-api", r -> r.pathPrefix("/orders").to("orders"))
                .build();

        assertEquals(List.of("users", "orders"), List.copyOf(config.upstreamGroups().keySet()));
        assertEquals(List.of("users-api", "orders-api"), config.routes().stream().map(Route::id).toList());
        assertEquals(2, config.upstreamGroup("users").upstreams().size());
        assertNull(config.upstreamGroup("nope"));
        assertEquals(ProxyConfig.DEFAULT_MAX_CONNECTIONS_PER_UPSTREAM, config.maxConnectionsPerUpstream());
        assertEquals("gatehouse", config.via());
    }

    @Test
    void buildCanBeCalledTwiceAndGivesEqualConfigurations() {
        ProxyConfig.Builder builder = withUsersGroup().route("users-api", r -> r.pathPrefix("/users").to("users"));

        ProxyConfig first = builder.build();
        ProxyConfig second = builder.build();

        assertNotSame(first, second);
        assertEquals(first.routes().stream().map(Route::toString).toList(),
                second.routes().stream().map(Route::toString).toList());
        assertEquals(first.upstreamGroups().keySet(), second.upstreamGroups().keySet());
    }

    @Test
    void failedBuildLeavesTheBuilderUntouched() {
        ProxyConfig.Builder builder = withUsersGroup()
                .route("a", r -> r.to("users"))
                .route("a", r -> r.to("users"));

        assertEquals(problemsOf(builder), problemsOf(builder));
        assertEquals(1, problemsOf(builder).size());
    }

    @Test
    void duplicateRouteIdIsRejected() {
        List<String> problems = problemsOf(withUsersGroup()
                .route("a", r -> r.pathPrefix("/a").to("users"))
                .route("a", r -> r.pathPrefix("/b").to("users")));

        assertEquals(List.of("route 'a' is declared twice; give each route a distinct id"), problems);
    }

    @Test
    void duplicateGroupIdIsRejected() {
        List<String> problems = problemsOf(withUsersGroup()
                .upstreamGroup("users", g -> g.upstream("http://127.0.0.1:9002")));

        assertEquals(List.of("upstream group 'users' is declared twice; give each group a distinct id"), problems);
    }

    @Test
    void routeToUnknownGroupNamesTheRouteTheGroupAndTheFix() {
        List<String> problems = problemsOf(withUsersGroup().route("users-api", r -> r.pathPrefix("/users").to("user")));

        assertEquals(List.of("route 'users-api' sends to upstream group 'user', which is not declared;"
                + " declare it with .upstreamGroup(\"user\", ...) or fix the id (known: [users])"), problems);
    }

    @Test
    void maxConnectionsPerUpstreamBelowOneIsRejected() {
        assertEquals(List.of("maxConnectionsPerUpstream 0 is invalid (expected: 1 or more)"),
                problemsOf(withUsersGroup().maxConnectionsPerUpstream(0)));
        assertEquals(1, withUsersGroup().maxConnectionsPerUpstream(1).build().maxConnectionsPerUpstream());
    }

    @Test
    void viaPseudonymMustBeAToken() {
        // RFC 9110 §7.6.3: received-by is a pseudonym (a token) when the host is not disclosed
        assertEquals(List.of("via 'my proxy' is invalid (expected: a token such as 'gatehouse', no spaces or commas)"),
                problemsOf(withUsersGroup().via("my proxy")));
        assertEquals(1, problemsOf(withUsersGroup().via("")).size());
        assertEquals("edge-1", withUsersGroup().via("edge-1").build().via());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ProxyConfigException e = assertThrows(ProxyConfigException.class, () -> ProxyConfig.builder()
                .upstreamGroup("empty", g -> { })
                .upstreamGroup("users", g -> g.upstream("ftp://127.0.0.1:9001", u -> u.weight(0)))
                .route("a", r -> r.pathPrefix("users").to("users"))
                .route("b", r -> r.pathPrefix("/b").to("nope").connectTimeout(Duration.ZERO))
                .maxConnectionsPerUpstream(0)
                .build());

        assertEquals(List.of(
                "upstream group 'empty' has no upstreams; add one with .upstream(\"http://host:port\")",
                "upstream 'ftp://127.0.0.1:9001' in group 'users': must be an absolute http or https URI (h2c or h2 for HTTP/2),"
                        + " e.g. 'http://127.0.0.1:8080'",
                "upstream 'ftp://127.0.0.1:9001' in group 'users': weight 0 is invalid (expected: 1 or more)",
                "route 'a': path 'users' must start with '/' (e.g. '/users')",
                "route 'b': connectTimeout PT0S is invalid (expected: a positive duration)",
                "maxConnectionsPerUpstream 0 is invalid (expected: 1 or more)"), e.problems());
        assertTrue(e.getMessage().startsWith("Invalid proxy configuration (6 problems):"), e.getMessage());
    }

    @Test
    void longestConnectTimeoutIsTheLargestOfTheDefaultAndEveryRoute() {
        ProxyConfig config = withUsersGroup()
                .route("a", r -> r.pathPrefix("/a").to("users").connectTimeout(Duration.ofSeconds(1)))
                .route("b", r -> r.pathPrefix("/b").to("users").connectTimeout(Duration.ofSeconds(9)))
                .build();

        assertEquals(Duration.ofSeconds(9), config.longestConnectTimeout());
        assertEquals(Route.DEFAULT_CONNECT_TIMEOUT, withUsersGroup().build().longestConnectTimeout());
    }
}

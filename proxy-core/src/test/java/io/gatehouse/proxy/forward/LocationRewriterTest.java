package io.gatehouse.proxy.forward;

import io.gatehouse.proxy.engine.ForwardPlan;
import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.engine.ProxyEngine;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LocationRewriterTest {

    private static final String PUBLIC = "https://gw.example.com";

    /** The plan for {@code path} with one upstream and one route, mounted at {@code mount}. */
    private static ForwardPlan plan(String upstream, Consumer<Route.Builder> route, String path, String mount) {
        ProxyEngine engine = ProxyEngine.of(ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(upstream))
                .route("r", r -> route.accept(r.to("g")))
                .build());
        return ((Decision.Forward) engine.decide(get(path), mount)).plan().to(engine.config().upstreamGroup("g").upstreams().get(0));
    }

    private static ForwardPlan usersPlan(String mount) {
        return plan("http://127.0.0.1:9001", r -> r.pathPrefix("/users"), "/users/7", mount);
    }

    @Test
    void absoluteLocationOnTheUpstreamGoesToThePublicOriginAndMountPrefix() {
        assertEquals("https://gw.example.com/api/users/8",
                LocationRewriter.rewrite("http://127.0.0.1:9001/users/8", usersPlan("/api"), PUBLIC));
        assertEquals("https://gw.example.com/users/8",
                LocationRewriter.rewrite("http://127.0.0.1:9001/users/8", usersPlan(""), PUBLIC));
    }

    @Test
    void strippedPrefixComesBack() {
        ForwardPlan plan = plan("http://127.0.0.1:9001", r -> r.pathPrefix("/users").stripPrefix(), "/users/7", "/api");

        assertEquals("https://gw.example.com/api/users/8", LocationRewriter.rewrite("http://127.0.0.1:9001/8", plan, PUBLIC));
        assertEquals("/api/users/login", LocationRewriter.rewrite("/login", plan, PUBLIC));
        assertEquals("https://gw.example.com/api/users/", LocationRewriter.rewrite("http://127.0.0.1:9001", plan, PUBLIC));
    }

    @Test
    void strippedAndAddedPrefixesSwapBack() {
        ForwardPlan plan = plan("http://127.0.0.1:9001/v1", r -> r.pathPrefix("/users").stripPrefix().addPrefix("/v2"),
                "/users/7", "/api");

        assertEquals("/api/users/8", LocationRewriter.rewrite("/v1/v2/8", plan, PUBLIC));
        assertEquals("/api/users", LocationRewriter.rewrite("/v1/v2", plan, PUBLIC));
        // outside the route's upstream prefix but under the base path: back to the mount prefix only
        assertEquals("/api/other", LocationRewriter.rewrite("/v1/other", plan, PUBLIC));
    }

    @Test
    void pathAbsoluteLocationIsMapped() {
        assertEquals("/api/users/8", LocationRewriter.rewrite("/users/8", usersPlan("/api"), PUBLIC));
        assertEquals("/users/8", LocationRewriter.rewrite("/users/8", usersPlan(""), PUBLIC));
    }

    @Test
    void upstreamBasePathBecomesTheMountPrefix() {
        ForwardPlan plan = plan("http://127.0.0.1:9001/v1", r -> r.pathPrefix("/users"), "/users/7", "/api");

        assertEquals("https://gw.example.com/api/users/8",
                LocationRewriter.rewrite("http://127.0.0.1:9001/v1/users/8", plan, PUBLIC));
        assertEquals("/api", LocationRewriter.rewrite("/v1", plan, PUBLIC));
        // "/v10" does not start with the segment "/v1"
        assertEquals("/v10/x", LocationRewriter.rewrite("/v10/x", plan, PUBLIC));
    }

    @Test
    void otherHostsPortsAndSchemesAreLeftAlone() {
        ForwardPlan plan = usersPlan("/api");

        assertEquals("http://other.example.com:9001/x", LocationRewriter.rewrite("http://other.example.com:9001/x", plan, PUBLIC));
        assertEquals("http://127.0.0.1:9002/x", LocationRewriter.rewrite("http://127.0.0.1:9002/x", plan, PUBLIC));
        assertEquals("ftp://127.0.0.1:9001/x", LocationRewriter.rewrite("ftp://127.0.0.1:9001/x", plan, PUBLIC));
        assertEquals("mailto:ops@example.com", LocationRewriter.rewrite("mailto:ops@example.com", plan, PUBLIC));
    }

    @Test
    void relativeReferencesAreLeftAlone() {
        ForwardPlan plan = usersPlan("/api");

        assertEquals("next", LocationRewriter.rewrite("next", plan, PUBLIC));
        assertEquals("../up", LocationRewriter.rewrite("../up", plan, PUBLIC));
        assertEquals("?page=2", LocationRewriter.rewrite("?page=2", plan, PUBLIC));
        // a network-path reference (RFC 3986 §4.2) names a host; it is not path-absolute
        assertEquals("//127.0.0.1:9001/x", LocationRewriter.rewrite("//127.0.0.1:9001/x", plan, PUBLIC));
    }

    @Test
    void absentOrEmptyValueIsReturnedAsItIs() {
        assertNull(LocationRewriter.rewrite(null, usersPlan(""), PUBLIC));
        assertEquals("", LocationRewriter.rewrite("", usersPlan(""), PUBLIC));
    }

    @Test
    void missingPortMeansTheSchemesDefaultPort() {
        ForwardPlan http80 = plan("http://backend.internal", r -> r.pathPrefix("/users"), "/users/7", "/api");

        assertEquals("https://gw.example.com/api/x", LocationRewriter.rewrite("http://backend.internal/x", http80, PUBLIC));
        assertEquals("https://gw.example.com/api/x", LocationRewriter.rewrite("http://backend.internal:80/x", http80, PUBLIC));
        assertEquals("http://backend.internal:8080/x",
                LocationRewriter.rewrite("http://backend.internal:8080/x", http80, PUBLIC));
        assertEquals("https://backend.internal/x", LocationRewriter.rewrite("https://backend.internal/x", http80, PUBLIC));

        ForwardPlan https = plan("https://backend.internal", r -> r.pathPrefix("/users"), "/users/7", "");
        assertEquals("https://gw.example.com/x", LocationRewriter.rewrite("https://backend.internal/x", https, PUBLIC));
        assertEquals("https://gw.example.com/x", LocationRewriter.rewrite("https://backend.internal:443/x", https, PUBLIC));
        assertEquals("https://127.0.0.1/x",
                LocationRewriter.rewrite("https://127.0.0.1/x", usersPlan(""), PUBLIC));
    }

    @Test
    void hostIsComparedIgnoringCase() {
        ForwardPlan plan = plan("http://backend.internal:9001", r -> r.pathPrefix("/users"), "/users/7", "");

        assertEquals("https://gw.example.com/x", LocationRewriter.rewrite("http://Backend.INTERNAL:9001/x", plan, PUBLIC));
        assertEquals("https://gw.example.com/x", LocationRewriter.rewrite("HTTP://backend.internal:9001/x", plan, PUBLIC));
    }

    @Test
    void ipv6UpstreamIsRecognised() {
        ForwardPlan plan = plan("http://[::1]:9001", r -> r.pathPrefix("/users"), "/users/7", "/api");

        assertEquals("https://gw.example.com/api/x", LocationRewriter.rewrite("http://[::1]:9001/x", plan, PUBLIC));
        assertEquals("http://[::2]:9001/x", LocationRewriter.rewrite("http://[::2]:9001/x", plan, PUBLIC));
    }

    @Test
    void queryAndFragmentAreKept() {
        ForwardPlan plan = usersPlan("/api");

        assertEquals("https://gw.example.com/api/users/8?tab=a%20b&x=1#top",
                LocationRewriter.rewrite("http://127.0.0.1:9001/users/8?tab=a%20b&x=1#top", plan, PUBLIC));
        assertEquals("https://gw.example.com/api/?x=1", LocationRewriter.rewrite("http://127.0.0.1:9001?x=1", plan, PUBLIC));
        assertEquals("https://gw.example.com/api/#top", LocationRewriter.rewrite("http://127.0.0.1:9001#top", plan, PUBLIC));
        assertEquals("/api/users/8?a=%2F#f", LocationRewriter.rewrite("/users/8?a=%2F#f", plan, PUBLIC));
    }
}

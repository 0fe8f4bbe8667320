package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.EdgeConfig;
import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import static io.gatehouse.proxy.Configs.problemsOf;
import static io.gatehouse.proxy.Configs.withUsersGroup;
import static io.gatehouse.proxy.http.FakeRequest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.access.AccessPolicies;
import io.gatehouse.proxy.access.ForwardedHeader;
import io.gatehouse.proxy.http.FakeRequest;
import io.gatehouse.proxy.http.RequestIds;
import io.gatehouse.proxy.ratelimit.ConcurrencyLimiter;
import io.gatehouse.proxy.ratelimit.Lease;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimiters;
import io.gatehouse.proxy.rules.RequestRules;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The edge stages of {@link ProxyEngine#decide}: stage 0 (identify, screen), 2 (access) and 3 (rate limits). */
class ProxyEngineEdgeTest {

    /** An engine with group {@code users} on {@code http://127.0.0.1:9001/v1}, one route {@code r} and edge options. */
    private static ProxyEngine engine(Consumer<ProxyConfig.Builder> edge, Consumer<Route.Builder> route) {
        ProxyConfig.Builder builder = ProxyConfig.builder()
                .upstreamGroup("users", g -> g.upstream("http://127.0.0.1:9001/v1"))
                .route("r", r -> route.accept(r.to("users")))
                .requestIds(RequestIds.generator(1, 2));
        edge.accept(builder);
        return ProxyEngine.of(builder.build());
    }

    private static ProxyEngine engine(Consumer<Route.Builder> route) {
        return engine(b -> { }, route);
    }

    private static Decision.Forward forward(ProxyEngine engine, FakeRequest request) {
        return assertInstanceOf(Decision.Forward.class, engine.decide(request, ""));
    }

    /** The upstream path of a first attempt on the group's first upstream. */
    private static String upstreamPath(Decision.Forward forward) {
        return forward.plan().to(forward.plan().group().upstreams().get(0)).path();
    }

    private static Decision.Reject reject(ProxyEngine engine, FakeRequest request) {
        return assertInstanceOf(Decision.Reject.class, engine.decide(request, ""));
    }

    // ---- stage 0: who is asking

    @Test
    void clientBehindATrustedProxyIsTheAddressItForwardedFor() {
        ProxyEngine engine = engine(b -> b.trustedProxies("10.0.0.0/8"), r -> r.pathPrefix("/"));

        Decision.Forward forward = forward(engine, get("/").remoteAddress("10.0.0.2")
                .header("X-Forwarded-For", "127.0.0.1, 203.0.113.9"));

        assertEquals("203.0.113.9", forward.client().address());
        assertTrue(forward.client().peerTrusted());
        assertEquals("203.0.113.9", forward.request().clientAddress());
        assertEquals("10.0.0.2", forward.request().remoteAddress());
    }

    @Test
    void spoofedForwardingHeadersFromAnUntrustedPeerChangeNothing() {
        ProxyEngine engine = engine(b -> b.trustedProxies("10.0.0.0/8").allow("10.0.0.0/8"), r -> r.pathPrefix("/"));

        Decision.Reject reject = reject(engine, get("/").remoteAddress("203.0.113.9")
                .header("X-Forwarded-For", "10.0.0.5").header("Forwarded", "for=10.0.0.5"));

        assertEquals(403, reject.problem().status());
    }

    @Test
    void forwardedHeaderIsReadWhenTheTrustedProxiesWriteIt() {
        ProxyEngine engine = engine(b -> b.trustedProxies("10.0.0.0/8").trustedProxyHeader(ForwardedHeader.FORWARDED),
                r -> r.pathPrefix("/"));

        Decision.Forward forward = forward(engine, get("/").remoteAddress("10.0.0.2")
                .header("X-Forwarded-For", "198.51.100.1").header("Forwarded", "for=\"[2001:db8::7]:443\""));

        assertEquals("2001:db8::7", forward.client().address());
    }

    @Test
    void requestIdIsGeneratedForUntrustedPeersAndReachesUpstreamAndClient() {
        ProxyEngine engine = engine(b -> b.trustedProxies("10.0.0.0/8"), r -> r.pathPrefix("/"));

        Decision.Forward forward = forward(engine, get("/").remoteAddress("203.0.113.9").header("X-Request-Id", "forged"));

        assertNotEquals("forged", forward.requestId());
        assertEquals(26, forward.requestId().length());
        assertEquals(Map.of("X-Request-Id", forward.requestId()), forward.upstreamHeaders());
        assertEquals(forward.requestId(), forward.responseHeaders().get("X-Request-Id"));
    }

    @Test
    void requestIdOfATrustedPeerIsKeptWhenItIsAcceptable() {
        ProxyEngine engine = engine(b -> b.trustedProxies("10.0.0.0/8"), r -> r.pathPrefix("/"));

        assertEquals("lb-123", forward(engine, get("/").remoteAddress("10.0.0.2").header("X-Request-Id", "lb-123")).requestId());
        assertNotEquals("a b", forward(engine, get("/").remoteAddress("10.0.0.2").header("X-Request-Id", "a b")).requestId());
    }

    @Test
    void requestIdsCanBeTurnedOffOrRenamed() {
        Decision.Forward off = forward(engine(b -> b.requestIdHeader(null), r -> r.pathPrefix("/")), get("/"));
        assertNull(off.requestId());
        assertEquals(Map.of(), off.upstreamHeaders());
        assertEquals(Map.of(), off.responseHeaders());

        Decision.Forward renamed = forward(engine(b -> b.requestIdHeader("X-Correlation-Id"), r -> r.pathPrefix("/")), get("/"));
        assertEquals(Set.of("X-Correlation-Id"), renamed.upstreamHeaders().keySet());
    }

    @Test
    void rejectionsCarryTheRequestIdToo() {
        Decision.Reject reject = reject(engine(r -> r.pathPrefix("/users")), get("/orders"));

        assertEquals(404, reject.problem().status());
        assertEquals(26, reject.headers().get("X-Request-Id").length());
    }

    // ---- stage 0: what no route may see

    @Test
    void globalDenyListRefusesBeforeRoutingEvenUnroutedPaths() {
        ProxyEngine engine = engine(b -> b.deny("203.0.113.0/24"), r -> r.pathPrefix("/users"));

        assertEquals(403, reject(engine, get("/users/1").remoteAddress("203.0.113.9")).problem().status());
        assertEquals(403, reject(engine, get("/nowhere").remoteAddress("203.0.113.9")).problem().status());
        assertEquals(404, reject(engine, get("/nowhere").remoteAddress("198.51.100.1")).problem().status());
        forward(engine, get("/users/1").remoteAddress("198.51.100.1"));
    }

    @Test
    void traceAndConnectAreRefusedWith405AndAnAllowHeader() {
        ProxyEngine engine = engine(r -> r.pathPrefix("/"));

        Decision.Reject trace = reject(engine, get("/").method("TRACE"));
        assertEquals(405, trace.problem().status());
        assertEquals("GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH", trace.headers().get("Allow"));
        assertEquals(405, reject(engine, get("/").method("CONNECT")).problem().status());
        assertEquals(405, reject(engine, get("/").method("trace")).problem().status());
        assertEquals(405, reject(engine, get("/").method("Connect")).problem().status());
        forward(engine(b -> b.allowTrace(true), r -> r.pathPrefix("/")), get("/").method("TRACE"));
    }

    @Test
    void traversalThatAnUpstreamWouldDecodeNeverReachesIt() {
        // route /api -> upstream /v1: none of these may become upstream /admin
        ProxyEngine engine = engine(r -> r.pathPrefix("/api").stripPrefix());
        for (String path : List.of("/api/%2e%2e/admin", "/api/..%2fadmin", "/api/%252e%252e/admin", "/api/..;/admin",
                "/api/..\\admin", "/api/%c0%ae%c0%ae/admin", "/api/../admin")) {
            Decision.Reject reject = reject(engine, get(path));
            assertEquals(400, reject.problem().status(), path);
        }
        assertEquals("/v1/users/7", upstreamPath(forward(engine, get("/api/users/7"))));
        assertEquals("/v1/group%2Fname", upstreamPath(forward(engine, get("/api/group%2Fname"))));
    }

    @Test
    void longRequestTargetIsRefusedWith414() {
        ProxyEngine engine = engine(b -> b.maxUriLength(300), r -> r.pathPrefix("/"));

        assertEquals(414, reject(engine, get("/" + "a".repeat(300))).problem().status());
        assertEquals(414, reject(engine, get("/a").query("q=" + "b".repeat(300))).problem().status());
        forward(engine, get("/" + "a".repeat(299)));
    }

    @Test
    void severalHostHeadersAreRefusedByTheAlwaysOnRule() {
        ProxyEngine engine = engine(r -> r.pathPrefix("/"));

        assertEquals(400, reject(engine, get("/").header("Host", "a.example").header("Host", "b.example")).problem().status());
        assertEquals(1, engine.ruleDenials().count("header-consistency"));
    }

    @Test
    void globalRulesRunBeforeRoutingAndAreCounted() {
        ProxyEngine engine = engine(b -> b.rules(RequestRules.commonProbes().withStatus(404),
                RequestRules.denyUserAgents("sqlmap")), r -> r.pathPrefix("/users"));

        assertEquals(404, reject(engine, get("/.env")).problem().status());
        assertEquals(404, reject(engine, get("/users/.git/config")).problem().status());
        assertEquals(403, reject(engine, get("/users/1").header("User-Agent", "sqlmap/1.7")).problem().status());
        forward(engine, get("/users/1").header("User-Agent", "Mozilla/5.0"));
        assertEquals(Map.of("probe", 2L, "user-agent", 1L), engine.ruleDenials().counts());
    }

    // ---- stage 2: the route's access checks

    @Test
    void routeAllowListRefusesOtherClients() {
        ProxyEngine engine = engine(r -> r.pathPrefix("/").allow("10.0.0.0/8", "2001:db8::/32").deny("10.6.6.6"));

        forward(engine, get("/").remoteAddress("10.1.2.3"));
        forward(engine, get("/").remoteAddress("2001:db8::1"));
        assertEquals(403, reject(engine, get("/").remoteAddress("10.6.6.6")).problem().status());
        assertEquals(403, reject(engine, get("/").remoteAddress("203.0.113.9")).problem().status());
    }

    @Test
    void routeRulesApplyToTheirRouteOnly() {
        ProxyEngine engine = ProxyEngine.of(withUsersGroup()
                .route("read-only", r -> r.pathPrefix("/docs").rules(RequestRules.denyMethods("DELETE")).to("users"))
                .route("rest", r -> r.pathPrefix("/").to("users"))
                .build());

        Decision.Reject reject = reject(engine, get("/docs/1").method("DELETE"));
        assertEquals(405, reject.problem().status());
        assertTrue(reject.headers().containsKey("Allow"));
        forward(engine, get("/other").method("DELETE"));
        assertEquals(1, engine.ruleDenials().count("method"));
    }

    @Test
    void accessPolicyChallengesAndItsCredentialsAreNotForwarded() {
        ProxyEngine engine = engine(r -> r.pathPrefix("/").access(AccessPolicies.apiKey("X-API-Key", Set.of("k1"))));

        Decision.Reject missing = reject(engine, get("/"));
        assertEquals(401, missing.problem().status());
        assertEquals("ApiKey header=\"X-API-Key\"", missing.headers().get("WWW-Authenticate"));
        assertTrue(missing.headers().containsKey("X-Request-Id"));
        assertEquals(List.of("x-api-key"), forward(engine, get("/").header("X-API-Key", "k1")).removedHeaders());
    }

    @Test
    void routeCanForwardCredentials() {
        ProxyEngine engine = engine(r -> r.pathPrefix("/")
                .access(AccessPolicies.bearer("api", token -> token.equals("t")))
                .forwardCredentials(true));

        assertEquals(List.of(), forward(engine, get("/").header("Authorization", "Bearer t")).removedHeaders());
    }

    @Test
    void declaredBodyLargerThanTheRouteAcceptsIsRefusedWith413() {
        ProxyEngine engine = engine(r -> r.pathPrefix("/").maxBodySize(1024));

        assertEquals(413, reject(engine, get("/").method("POST").header("Content-Length", "1025")).problem().status());
        forward(engine, get("/").method("POST").header("Content-Length", "1024"));
        forward(engine, get("/").method("POST"));
        assertEquals(1024, engine.config().routes().get(0).maxBodySize());
        assertEquals(Long.MAX_VALUE, engine(r -> r.pathPrefix("/")).config().routes().get(0).maxBodySize());
    }

    // ---- stage 3: rate limits

    @Test
    void rateLimitedRouteAnswers429WithRetryAfterAndAdvertisesItsPolicy() {
        ProxyEngine engine = engine(r -> r.pathPrefix("/").rateLimit(
                RateLimiters.tokenBucket(Quota.perMinute(60).burst(2)).name("per-client").build()));

        Decision.Forward first = forward(engine, get("/"));
        forward(engine, get("/"));
        Decision.Reject third = reject(engine, get("/"));
        Decision.Forward otherClient = forward(engine, get("/").remoteAddress("192.0.2.2"));

        assertEquals("\"per-client\";q=60;w=60", first.responseHeaders().get("RateLimit-Policy"));
        assertEquals("\"per-client\";r=1;t=1", first.responseHeaders().get("RateLimit"));
        assertEquals(429, third.problem().status());
        assertEquals("1", third.headers().get("Retry-After"));
        assertEquals("\"per-client\";r=0;t=1", third.headers().get("RateLimit"));
        assertTrue(third.headers().containsKey("X-Request-Id"));
        assertEquals("\"per-client\";r=1;t=1", otherClient.responseHeaders().get("RateLimit"));
    }

    @Test
    void concurrencySlotIsHeldByTheForwardUntilClosed() {
        ConcurrencyLimiter slots = RateLimiters.concurrency(1).build();
        ProxyEngine engine = engine(r -> r.pathPrefix("/").concurrencyLimit(slots));

        Decision.Forward first = forward(engine, get("/"));
        Decision.Reject second = reject(engine, get("/"));
        first.close();
        first.close();
        Decision.Forward third = forward(engine, get("/"));

        assertEquals(429, second.problem().status());
        assertEquals("1", second.headers().get("Retry-After"));
        assertFalse(third.lease() == Lease.none());
        third.close();
        forward(engine, get("/")).close();
    }

    @Test
    void slotIsGivenBackWhenNoUpstreamTakesTheRequest() {
        ConcurrencyLimiter slots = RateLimiters.concurrency(1).build();
        ProxyEngine engine = ProxyEngine.of(ProxyConfig.builder()
                .upstreamGroup("users", g -> g.upstream("http://127.0.0.1:9001").loadBalancer(members -> (c, r) -> null))
                .route("r", r -> r.concurrencyLimit(slots).to("users"))
                .build());

        for (int i = 0; i < 2; i++) {
            // as the adapter does: the failover's first attempt finds no upstream, 503, both closed
            Decision.Forward forward = forward(engine, get("/"));
            Failover failover = engine.failover(forward.plan(), forward.request());
            assertNull(failover.first());
            assertEquals(503, failover.rejection().problem().status());
            failover.close();
            forward.close();
        }
    }

    @Test
    void routeWithoutLimitsHoldsNothing() {
        assertSame(Lease.none(), forward(engine(r -> r.pathPrefix("/")), get("/")).lease());
    }

    // ---- configuration

    @Test
    void invalidEdgeOptionsAreReportedWithTheFix() {
        List<String> problems = problemsOf(withUsersGroup()
                .trustedProxies("10.0.0.0/33")
                .allow("intranet")
                .maxUriLength(10)
                .maxHeaderSize(10)
                .requestIdHeader("X Request Id")
                .route("r", r -> r.to("users").deny("10.0.0.1/8").maxBodySize(-1)
                        .rateLimit(RateLimiters.tokenBucket(Quota.perSecond(1)).build(),
                                RateLimiters.tokenBucket(Quota.perSecond(2)).build())));

        assertEquals(List.of(
                "trustedProxies: '10.0.0.0/33' has prefix length '33' (expected: 0-32)",
                "allow: 'intranet' is not an IP range (expected: an IPv4 or IPv6 address with an optional /prefix,"
                        + " e.g. 10.0.0.0/8, 192.0.2.7 or 2001:db8::/32)",
                "route 'r': deny: '10.0.0.1/8' has bits set after the /8 prefix (expected: the network address, 10.0.0.0/8)",
                "route 'r': maxBodySize -1 is invalid (expected: 0 or more bytes)",
                "route 'r': two rate limiters are named 'default'; give each a distinct .name(...) so clients can tell"
                        + " their RateLimit headers apart",
                "maxUriLength 10 is invalid (expected: 256 or more characters)",
                "maxHeaderSize 10 is invalid (expected: 1024 or more bytes)",
                "requestIdHeader 'X Request Id' is invalid (expected: a header name such as X-Request-Id, or null to turn"
                        + " request ids off)"), problems);
    }

    @Test
    void edgeDefaults() {
        EdgeConfig edge = withUsersGroup().route("r", r -> r.to("users")).build().edge();

        assertEquals(8192, edge.maxUriLength());
        assertEquals(8192, edge.maxHeaderSize());
        assertEquals("X-Request-Id", edge.requestIdHeader());
        assertFalse(edge.allowTrace());
        assertTrue(edge.ipAccess().isOpen());
        assertEquals(List.of("header-consistency"), edge.rules().stream().map(rule -> rule.name()).toList());
        assertTrue(edge.clientAddresses().trustedProxies().isEmpty());
    }
}

package io.gatehouse.proxy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.http.RequestView;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimitResult;
import io.gatehouse.proxy.ratelimit.RateLimiter;
import io.gatehouse.proxy.ratelimit.RateLimiters;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Two Gatehouse instances, one Redis: a rate limit is the cluster's budget, not each
 * instance's, with the headers of the local limiter. Time is a shared test clock (both
 * instances read it, as synchronised servers read theirs), moved by the test.
 */
class SharedRateLimitTest {

    private static RedisServer redis;
    private static Instances.Backend backend;
    private static HttpClient client;

    private final AtomicLong epochNanos = new AtomicLong(TimeUnit.DAYS.toNanos(20_000));

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        backend = Instances.Backend.start();
        client = new HttpClient();
        client.start();
    }

    @AfterAll
    static void stop() throws Exception {
        client.stop();
        backend.close();
        redis.close();
    }

    private SharedRedis link(TestInfo test) {
        return SharedRedis.builder(redis.uri()).keyPrefix(test.getTestMethod().orElseThrow().getName() + ":")
                // generous: these tests are about the budget, not about a slow machine (RedisOutageTest is)
                .commandTimeout(Duration.ofSeconds(3)).clock(epochNanos::get).build();
    }

    private static Instances.Gatehouse instance(RateLimiter limiter) throws Exception {
        return Instances.Gatehouse.start(ProxyConfig.builder()
                .upstreamGroup("app", g -> g.upstream(backend.uri()))
                .route("all", r -> r.rateLimit(limiter).to("app"))
                .build());
    }

    private static ContentResponse get(Instances.Gatehouse instance, String path) throws Exception {
        return client.newRequest(instance.uri(path)).headers(h -> h.put("Host", Instances.HOST))
                .timeout(5, TimeUnit.SECONDS).send();
    }

    @Test
    void tenPerSecondHoldsAcrossTwoInstances(TestInfo test) throws Exception {
        try (SharedRedis redisA = link(test); SharedRedis redisB = link(test);
             Instances.Gatehouse a = instance(redisA.tokenBucket(Quota.perSecond(10)).name("api").build());
             Instances.Gatehouse b = instance(redisB.tokenBucket(Quota.perSecond(10)).name("api").build())) {
            int admittedInAll = 0;
            for (int second = 0; second < 5; second++) {
                int admittedByA = 0;
                int admittedByB = 0;
                for (int i = 0; i < 15; i++) {
                    admittedByA += get(a, "/x").getStatus() == 200 ? 1 : 0;
                    admittedByB += get(b, "/x").getStatus() == 200 ? 1 : 0;
                }
                int admitted = admittedByA + admittedByB;
                assertTrue(admitted >= 9 && admitted <= 11, "second " + second + ": " + admitted + " admitted (expected 10 ± 10%)");
                assertTrue(admittedByA > 0 && admittedByB > 0, "both instances draw from the one budget");
                admittedInAll += admitted;
                epochNanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
            }
            assertTrue(admittedInAll >= 45 && admittedInAll <= 55, admittedInAll + " admitted in 5 s (expected 50 ± 10%)");
        }
    }

    @Test
    void headersAreTheLocalLimitersAndA429SaysWhenToComeBack(TestInfo test) throws Exception {
        try (SharedRedis redisA = link(test); SharedRedis redisB = link(test);
             Instances.Gatehouse a = instance(redisA.tokenBucket(Quota.perMinute(60).burst(2)).name("per-client").build());
             Instances.Gatehouse b = instance(redisB.tokenBucket(Quota.perMinute(60).burst(2)).name("per-client").build())) {
            ContentResponse first = get(a, "/1");
            assertEquals(200, first.getStatus());
            assertEquals("\"per-client\";q=60;w=60", first.getHeaders().get("RateLimit-Policy"));
            assertEquals("\"per-client\";r=1;t=1", first.getHeaders().get("RateLimit"));
            ContentResponse second = get(b, "/1");
            assertEquals(200, second.getStatus());
            assertEquals("\"per-client\";r=0;t=1", second.getHeaders().get("RateLimit"));
            ContentResponse refused = get(a, "/1");
            assertEquals(429, refused.getStatus());
            assertEquals("1", refused.getHeaders().get("Retry-After"));
            assertEquals("application/problem+json", refused.getMediaType());
            epochNanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
            assertEquals(200, get(b, "/1").getStatus());
        }
    }

    @Test
    void resultsMatchTheLocalTokenBucketStepByStep(TestInfo test) {
        Quota quota = Quota.perSecond(4).burst(3);
        RateLimiter local = RateLimiters.tokenBucket(quota).clock(epochNanos::get).build();
        try (SharedRedis shared = link(test)) {
            RateLimiter remote = shared.tokenBucket(quota).build();
            RequestView client = new Client("203.0.113.7");
            for (long stepMillis : List.of(0L, 0L, 0L, 0L, 100L, 150L, 10L, 1000L, 0L, 0L, 0L, 0L)) {
                epochNanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(stepMillis));
                RateLimitResult expected = local.tryAcquire(client, "r");
                RateLimitResult actual = remote.tryAcquire(client, "r");
                String step = "after +" + stepMillis + " ms: " + expected + " vs " + actual;
                assertEquals(expected.allowed(), actual.allowed(), step);
                assertEquals(expected.remaining(), actual.remaining(), step);
                assertEquals(expected.resetSeconds(), actual.resetSeconds(), step);
                assertEquals(expected.retryAfterSeconds(), actual.retryAfterSeconds(), step);
            }
            assertNull(shared.tokenBucket(quota).key((request, route) -> null).build().tryAcquire(client, "r"),
                    "a null key leaves the request alone");
        }
    }

    /** A request from one client address. */
    record Client(String remoteAddress) implements RequestView {
        @Override public String method() { return "GET"; }
        @Override public String scheme() { return "http"; }
        @Override public String host() { return Instances.HOST; }
        @Override public int port() { return 80; }
        @Override public String path() { return "/"; }
        @Override public String query() { return null; }
        @Override public String header(String name) { return null; }
        @Override public List<String> headers(String name) { return List.of(); }
    }
}

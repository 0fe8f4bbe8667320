package io.gatehouse.proxy.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis killed in the middle of traffic, then started again: shared limits follow their fail
 * mode, no request waits on Redis beyond the command timeout (every request here has a
 * 5-second budget; a hang would use it up), and once Redis is back limits are enforced again
 * without any restart of the proxy.
 */
class RedisOutageTest {

    private final AtomicLong epochNanos = new AtomicLong(TimeUnit.DAYS.toNanos(20_000));
    private RedisServer redis;
    private Instances.Backend backend;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        backend = Instances.Backend.start();
        client = new HttpClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        backend.close();
        redis.close();
    }

    private SharedRedis link() {
        return SharedRedis.builder(redis.uri()).commandTimeout(Duration.ofMillis(500))
                .retryInterval(Duration.ofMillis(200)).clock(epochNanos::get).build();
    }

    private Instances.Gatehouse instance(RateLimiter limiter) throws Exception {
        return Instances.Gatehouse.start(ProxyConfig.builder()
                .upstreamGroup("app", g -> g.upstream(backend.uri()))
                .route("all", r -> r.rateLimit(limiter).to("app"))
                .build());
    }

    /** A GET that fails the test if it takes more than 5 s. */
    private ContentResponse get(Instances.Gatehouse instance) throws Exception {
        return client.newRequest(instance.uri("/x")).headers(h -> h.put("Host", Instances.HOST))
                .timeout(5, TimeUnit.SECONDS).send();
    }

    @Test
    void failOpenLetsRequestsThroughWhileRedisIsDownThenLimitsAgain() throws Exception {
        try (SharedRedis shared = link();
             Instances.Gatehouse proxy = instance(shared.tokenBucket(Quota.perMinute(1)).failMode(FailMode.OPEN).build())) {
            assertEquals(200, get(proxy).getStatus());
            assertEquals(429, get(proxy).getStatus(), "the one permit of the minute is taken");

            redis.stop();
            for (int i = 0; i < 20; i++) {
                ContentResponse response = get(proxy);
                assertEquals(200, response.getStatus(), "request " + i + " while Redis is down: open");
                assertNull(response.getHeaders().get("RateLimit"), "no limit to tell of");
            }

            redis.startAgain();
            // the restarted Redis has no buckets: the first request gets the permit, the next is refused
            await("limits enforced again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> get(proxy).getHeaders().get("RateLimit") != null);
            assertEquals(429, get(proxy).getStatus());
        }
    }

    @Test
    void failClosedRefusesWhileRedisIsDownThenAdmitsAgain() throws Exception {
        try (SharedRedis shared = link();
             Instances.Gatehouse proxy = instance(shared.tokenBucket(Quota.perSecond(100)).name("closed")
                     .failMode(FailMode.CLOSED).build())) {
            assertEquals(200, get(proxy).getStatus());

            redis.stop();
            for (int i = 0; i < 20; i++) {
                ContentResponse response = get(proxy);
                assertEquals(429, response.getStatus(), "request " + i + " while Redis is down: closed");
                assertNotNull(response.getHeaders().get("Retry-After"));
            }
            int seen = backend.requests();

            redis.startAgain();
            await("admitted again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> get(proxy).getStatus() == 200);
            assertEquals(seen + 1, backend.requests(), "refused requests never reached the backend");
        }
    }

    @Test
    void aRedisThatHangsCostsARequestAtMostTheCommandTimeout() throws Exception {
        try (SharedRedis shared = link();
             Instances.Gatehouse proxy = instance(shared.tokenBucket(Quota.perSecond(100)).failMode(FailMode.OPEN).build())) {
            assertEquals(200, get(proxy).getStatus());
            redis.pause();
            try {
                for (int i = 0; i < 10; i++) {
                    // a frozen Redis keeps its connections open: only the timeout can tell
                    assertEquals(200, get(proxy).getStatus(), "request " + i + " while Redis hangs");
                }
            } finally {
                redis.resume();
            }
            await("limits enforced again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> get(proxy).getHeaders().get("RateLimit") != null);
        }
    }

    @Test
    void anInstanceStartsWhileRedisIsDownAndUsesItOnceItAnswers() throws Exception {
        redis.stop();
        try (SharedRedis shared = link();
             Instances.Gatehouse proxy = instance(shared.tokenBucket(Quota.perMinute(1)).failMode(FailMode.OPEN).build())) {
            ContentResponse unlimited = get(proxy);
            assertEquals(200, unlimited.getStatus());
            assertNull(unlimited.getHeaders().get("RateLimit"));

            redis.startAgain();
            await("connected in the background").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> get(proxy).getHeaders().get("RateLimit") != null);
            assertEquals(429, get(proxy).getStatus());
        }
    }
}

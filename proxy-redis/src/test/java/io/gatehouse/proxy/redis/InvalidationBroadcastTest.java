package io.gatehouse.proxy.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.cache.PurgeMethod;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two caching Gatehouse instances, one Redis: a {@code PURGE} or a {@code POST} through one
 * removes the entry from the other within a second, and an instance whose subscription was
 * lost drops its cache, since it may have missed some.
 */
class InvalidationBroadcastTest {

    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

    private RedisServer redis;
    private Instances.Backend backend;
    private HttpClient client;
    private SharedRedis redisA;
    private SharedRedis redisB;
    private HttpCache cacheA;
    private HttpCache cacheB;
    private Instances.Gatehouse a;
    private Instances.Gatehouse b;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        backend = Instances.Backend.start();
        client = new HttpClient();
        client.start();
        redisA = SharedRedis.builder(redis.uri()).retryInterval(Duration.ofMillis(200)).build();
        redisB = SharedRedis.builder(redis.uri()).retryInterval(Duration.ofMillis(200)).build();
        cacheA = redisA.broadcastInvalidations(HttpCache.builder().purgeMethod(PurgeMethod.allowFrom("127.0.0.1")));
        cacheB = redisB.broadcastInvalidations(HttpCache.builder().purgeMethod(PurgeMethod.allowFrom("127.0.0.1")));
        a = Instances.Gatehouse.start(config(cacheA));
        b = Instances.Gatehouse.start(config(cacheB));
        awaitSubscribers(2);
    }

    @AfterEach
    void stop() throws Exception {
        a.close();
        b.close();
        redisA.close();
        redisB.close();
        client.stop();
        backend.close();
        redis.close();
    }

    private ProxyConfig config(HttpCache cache) {
        return ProxyConfig.builder().httpCache(cache)
                .upstreamGroup("app", g -> g.upstream(backend.uri()))
                .route("all", r -> r.cache(CachePolicy.rfc9111()).to("app"))
                .build();
    }

    private ContentResponse send(Instances.Gatehouse instance, String method, String path) throws Exception {
        return client.newRequest(instance.uri(path)).method(method).headers(h -> h.put("Host", Instances.HOST))
                .timeout(5, TimeUnit.SECONDS).send();
    }

    /** Fetches a path through both instances, twice, so that each has it stored; checks the second is a hit. */
    private void cachedInBoth(String path) throws Exception {
        for (Instances.Gatehouse instance : new Instances.Gatehouse[] {a, b}) {
            send(instance, "GET", path);
            String status = send(instance, "GET", path).getHeaders().get("Cache-Status");
            assertTrue(status.contains("hit"), path + ": " + status);
        }
    }

    private void awaitSubscribers(int count) {
        await("" + count + " subscribers").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions()
                .until(() -> redis.command("PUBSUB", "NUMSUB", "gatehouse:invalidations").endsWith(" " + count));
    }

    @Test
    void aPurgeOnOneInstanceRemovesTheEntryOnTheOther() throws Exception {
        cachedInBoth("/item");
        cachedInBoth("/other");
        assertEquals(200, send(a, "PURGE", "/item").getStatus());
        await("purged on b").atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(10)).until(() -> cacheB.size() == 1);
        int seen = backend.requests();
        assertTrue(send(b, "GET", "/item").getHeaders().get("Cache-Status").contains("fwd=uri-miss"));
        assertEquals(seen + 1, backend.requests());
        assertTrue(send(b, "GET", "/other").getHeaders().get("Cache-Status").contains("hit"), "the other entry stays");
    }

    @Test
    void anUnsafeRequestThroughOneInstanceInvalidatesTheOther_rfc9111_4_4() throws Exception {
        cachedInBoth("/items/1");
        assertEquals(204, send(b, "POST", "/items/1").getStatus());
        await("invalidated on a").atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(10)).until(() -> cacheA.size() == 0);
        assertEquals(0, cacheB.size());
    }

    @Test
    void anInstanceThatMayHaveMissedMessagesDropsItsCache() throws Exception {
        cachedInBoth("/item");
        redis.stop();
        await("dropped when the subscription is lost").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> cacheA.size() == 0 && cacheB.size() == 0);
        // stored while nobody can tell b of a purge
        cachedInBoth("/item");
        cachedInBoth("/while-down");

        redis.startAgain();
        awaitSubscribers(2);
        await("dropped again once subscribed again").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> cacheA.size() == 0 && cacheB.size() == 0);

        cachedInBoth("/item");
        assertEquals(200, send(a, "PURGE", "/item").getStatus());
        await("purges reach b again").atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(10)).until(() -> cacheB.size() == 0);
    }

    @Test
    void whatAnInstanceCutOffFromRedisPurgedReachesTheOthersOnceItIsBack() throws Exception {
        try (CuttableLink link = CuttableLink.to(redis);
             SharedRedis redisC = SharedRedis.builder(link.uri()).retryInterval(Duration.ofMillis(200)).build()) {
            HttpCache cacheC = redisC.broadcastInvalidations(HttpCache.builder().purgeMethod(PurgeMethod.allowFrom("127.0.0.1")));
            try (Instances.Gatehouse c = Instances.Gatehouse.start(config(cacheC))) {
                awaitSubscribers(3);
                cachedInBoth("/item");
                link.cut(); // c alone loses Redis; a, b and Redis go on
                awaitSubscribers(2);
                assertEquals(404, send(c, "PURGE", "/item").getStatus(), "c never stored it; its purge goes out all the same");
                assertEquals(1, cacheA.size(), "not heard yet");

                link.mend();
                await("c's purge reaches a and b once c is back").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(10)).until(() -> cacheA.size() == 0 && cacheB.size() == 0);
            }
        }
    }
}

package io.gatehouse.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code redis:} in the file: each wrong value is a located problem, found without connecting
 * (two proxies sharing limits and purges through a real Redis: the examples'
 * ProxyCommandRedisTest).
 */
class RedisSectionTest {

    private static final String REST = "groups: {g: {upstreams: [http://127.0.0.1:9001]}}\n"
            + "routes: [{id: r, to: g, rateLimits: [{rate: 10/s}]}]\n";

    private static List<String> problems(String redis) {
        try (ConfigFileReader reader = new ConfigFileReader()) {
            return assertThrows(ConfigFileException.class, () -> reader.read(redis + REST, "g.yaml")).problems();
        }
    }

    @Test
    void aUrlThatIsNotRedisIsPlaced() {
        assertEquals(List.of("g.yaml:1:14: redis.url: not a Redis URI (expected: redis://host:port, e.g."
                + " redis://127.0.0.1:6379, or rediss://host:port for TLS)"), problems("redis: {url: localhost:6379}\n"));
    }

    @Test
    void aMissingUrlIsPlaced() {
        assertEquals(List.of("g.yaml:1:8: redis.url: missing; give the Redis to share, e.g. 'url: redis://10.0.0.5:6379'"),
                problems("redis: {failMode: open}\n"));
    }

    @Test
    void aFailModeThatIsNotOpenOrClosedIsPlaced() {
        assertEquals(List.of("g.yaml:1:50: redis.failMode: 'sometimes' (expected: open, to let requests through while"
                + " Redis is down, or closed, to refuse them)"), problems("redis: {url: \"redis://127.0.0.1:6379\", failMode: sometimes}\n"));
    }

    @Test
    void theBuildersLimitsArePlaced() {
        List<String> found = problems("redis: {url: \"redis://127.0.0.1:6379\", commandTimeout: 0s, keyPrefix: \"a b\"}\n");
        assertEquals(List.of("g.yaml:1:56: redis.commandTimeout: PT0S (expected: a positive duration of at most PT10S)",
                "g.yaml:1:71: redis.keyPrefix: 'a b' (expected: 1-64 printable ASCII characters without spaces, e.g. gatehouse:)"),
                found);
    }

    @Test
    void maxKeysHasNoMeaningForBucketsInRedis() {
        // a Redis nobody listens on: the link keeps trying in the background until the reader closes
        try (ConfigFileReader reader = new ConfigFileReader()) {
            List<String> found = assertThrows(ConfigFileException.class, () -> reader.read("redis: {url: \"redis://127.0.0.1:1\"}\n"
                    + "groups: {g: {upstreams: [http://127.0.0.1:9001]}}\n"
                    + "routes: [{id: r, to: g, rateLimits: [{rate: 10/s, maxKeys: 100}]}]\n", "g.yaml")).problems();
            assertEquals(List.of("g.yaml:3:60: routes[0].rateLimits[0].maxKeys: bounds this instance's buckets in memory;"
                    + " with 'redis:' the buckets are in Redis (remove maxKeys)"), found);
        }
    }
}

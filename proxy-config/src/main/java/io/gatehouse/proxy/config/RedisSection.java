package io.gatehouse.proxy.config;

import java.time.Duration;
import java.util.Locale;

/**
 * The {@code redis:} section: the Redis through which this instance shares its rate limits and
 * cache invalidations with the others (proxy-redis, ADR 0012).
 *
 * <pre>{@code
 * redis:
 *   url: ${env:REDIS_URL}        # redis://host:port, or rediss:// for TLS
 *   commandTimeout: 100ms        # the longest a request waits on Redis
 *   retryInterval: 1s            # reconnection back-off while Redis is down
 *   keyPrefix: "gatehouse:"      # one per cluster sharing a Redis
 *   failMode: open               # rate limits while Redis does not answer: open or closed
 * }</pre>
 *
 * With it, every {@code rateLimits} entry of the file is a budget shared by all instances, and
 * the HTTP cache's purges and invalidations reach all of them.
 */
final class RedisSection {

    private static final String SHARED_REDIS = "io.gatehouse.proxy.redis.SharedRedis";

    private RedisSection() {
    }

    /** The sharing of the section, or null when it has problems (they are recorded). */
    static Sharing read(Fields redis, StatefulParts.Generation parts) {
        String url = redis.string("url");
        Duration commandTimeout = redis.duration("commandTimeout");
        Duration retryInterval = redis.duration("retryInterval");
        String keyPrefix = redis.string("keyPrefix");
        String failMode = redis.string("failMode");
        redis.finish();
        boolean failClosed = false;
        if (failMode != null) {
            switch (failMode.toLowerCase(Locale.ROOT)) {
                case "open" -> failClosed = false;
                case "closed" -> failClosed = true;
                default -> redis.problem("failMode", "'" + failMode + "' (expected: open, to let requests through while Redis"
                        + " does not answer, or closed, to refuse them with 429)");
            }
        }
        if (url == null) {
            redis.problem("url", "missing; name the Redis the instances share, e.g. 'url: redis://10.0.0.5:6379'"
                    + " or 'url: ${env:REDIS_URL}'");
        }
        if (!onClassPath()) {
            redis.problem("url", "needs the module io.gatehouse:proxy-redis on the class path (add the dependency,"
                    + " or remove the section to keep rate limits and the cache local)");
        }
        if (!redis.problems().isEmpty()) {
            return null;
        }
        // the builder's own checks (URL form, ranges) before connecting, at the field they name
        try {
            RedisSharing.check(url, commandTimeout, retryInterval, keyPrefix);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            String field = colon < 0 ? "url" : message.substring(0, colon);
            redis.problem(field.equals("uri") ? "url" : field, colon < 0 ? message : message.substring(colon + 2));
            return null;
        }
        boolean closed = failClosed;
        return parts.reuse("redis", redis.node(),
                () -> RedisSharing.open(url, commandTimeout, retryInterval, keyPrefix, closed));
    }

    private static boolean onClassPath() {
        try {
            Class.forName(SHARED_REDIS, false, RedisSection.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

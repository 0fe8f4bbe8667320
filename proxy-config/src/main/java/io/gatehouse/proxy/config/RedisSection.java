package io.gatehouse.proxy.config;

import io.gatehouse.proxy.redis.FailMode;
import io.gatehouse.proxy.redis.SharedRedis;
import java.time.Duration;
import java.util.Locale;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * {@code redis: {url: redis://10.0.0.5:6379, commandTimeout: 100ms, failMode: open, keyPrefix: "gatehouse:"}}:
 * the Redis that several instances share (ADR 0012). With it, every {@code rateLimits} entry is a
 * token bucket in Redis (the budget is the cluster's; its name, by default the route's id, is the
 * bucket's key) and the HTTP cache's invalidations reach every instance.
 */
final class RedisSection {

    /** The settings of {@code redis:}; equal settings share one link across reads. */
    record Settings(String url, Duration commandTimeout, FailMode failMode, String keyPrefix) {

        SharedRedis connect() {
            SharedRedis.Builder b = SharedRedis.builder(url);
            if (commandTimeout != null) {
                b.commandTimeout(commandTimeout);
            }
            if (keyPrefix != null) {
                b.keyPrefix(keyPrefix);
            }
            return b.build();
        }
    }

    private RedisSection() {
    }

    /**
     * The settings of the document's {@code redis:}, null when absent or wrong (a problem is then
     * recorded at the field). Read before the rest of the document, which is built on its link;
     * the caller marks the key known on its own {@link Fields} of the document.
     */
    static Settings read(Node root, Problems problems) {
        Node value = null;
        if (root instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("redis")) {
                    value = tuple.getValueNode();
                    break;
                }
            }
        }
        if (value == null || Fields.isNull(value)) {
            return null;
        }
        Fields redis = new Fields(value, "redis", problems);
        if (!(value instanceof MappingNode)) {
            return null; // reported by Fields
        }
        String url = redis.string("url");
        Duration timeout = redis.duration("commandTimeout");
        String failMode = redis.string("failMode");
        String keyPrefix = redis.string("keyPrefix");
        redis.finish();
        FailMode mode = FailMode.OPEN;
        if (failMode != null) {
            try {
                mode = FailMode.valueOf(failMode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                redis.problem("failMode", "'" + failMode + "' (expected: open, to let requests through while Redis is down,"
                        + " or closed, to refuse them)");
            }
        }
        if (url == null) {
            redis.problem("url", "missing; give the Redis to share, e.g. 'url: redis://10.0.0.5:6379'");
        } else {
            // the builder checks the values without connecting
            SharedRedis.Builder[] b = new SharedRedis.Builder[1];
            attempt(redis, "url", "uri", () -> b[0] = SharedRedis.builder(url));
            if (b[0] != null) {
                Fields.ifPresent(timeout, t -> attempt(redis, "commandTimeout", "commandTimeout", () -> b[0].commandTimeout(t)));
                Fields.ifPresent(keyPrefix, p -> attempt(redis, "keyPrefix", "keyPrefix", () -> b[0].keyPrefix(p)));
            }
        }
        return redis.problems().hasAtOrUnder(redis.path()) ? null : new Settings(url, timeout, mode, keyPrefix);
    }

    /** A builder step whose refusal becomes a problem at the key, without the builder's own "name: " in front. */
    private static void attempt(Fields at, String key, String builderName, Runnable step) {
        try {
            step.run();
        } catch (IllegalArgumentException e) {
            at.problem(key, e.getMessage().replaceFirst("^" + builderName + ": ", ""));
        }
    }

    /**
     * One Redis link kept across reads: a read with the settings in force gets the same link; new
     * settings get a new one, which replaces (and closes) the old one when that read is applied.
     */
    static final class Link implements AutoCloseable {

        private Settings current;
        private SharedRedis link;
        private Settings pendingSettings;
        private SharedRedis pending;

        /** The link for a read with these settings (null: none). */
        synchronized SharedRedis forRead(Settings settings) {
            if (settings == null) {
                return null;
            }
            if (settings.equals(current)) {
                return link;
            }
            if (!settings.equals(pendingSettings)) {
                if (pending != null) {
                    pending.close();
                }
                pending = settings.connect();
                pendingSettings = settings;
            }
            return pending;
        }

        /** A read with these settings was valid: its link is the one in force. */
        synchronized void commit(Settings settings) {
            if (settings == null ? current == null : settings.equals(current)) {
                return;
            }
            if (link != null) {
                link.close(); // the previous configuration's shared limits fail open/closed meanwhile
            }
            current = settings;
            link = settings == null ? null : pending;
            if (settings != null) {
                pending = null;
                pendingSettings = null;
            }
        }

        @Override
        public synchronized void close() {
            if (link != null) {
                link.close();
                link = null;
            }
            if (pending != null) {
                pending.close();
                pending = null;
            }
            current = null;
            pendingSettings = null;
        }
    }
}

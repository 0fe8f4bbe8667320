package io.gatehouse.proxy.config;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import io.gatehouse.proxy.redis.FailMode;
import io.gatehouse.proxy.redis.SharedRedis;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The parts of a configuration that hold runtime state (the HTTP cache's entries, rate limiters'
 * buckets), kept from one read to the next: a part whose settings are written the same way in
 * the new file is the same instance in the new configuration. Only a read that builds a valid
 * configuration replaces what is kept.
 */
final class StatefulParts {

    private Map<String, Object> kept = new HashMap<>();

    Generation nextGeneration() {
        return new Generation();
    }

    /** The parts of one read. */
    final class Generation {

        private final Map<String, Object> used = new HashMap<>();
        private SharedRedis redis;
        private FailMode redisFailMode = FailMode.OPEN;
        private String redisKey = "";

        /** The Redis link of this read ({@code redis:}), or null; parts built on it are kept per link settings. */
        void redis(SharedRedis link, RedisSection.Settings settings) {
            this.redis = link;
            this.redisFailMode = settings == null ? FailMode.OPEN : settings.failMode();
            this.redisKey = link == null ? "" : " via " + settings;
        }

        SharedRedis redis() {
            return redis;
        }

        FailMode redisFailMode() {
            return redisFailMode;
        }

        /** The kept part with these settings, or a new one from {@code create}. */
        @SuppressWarnings("unchecked")
        <T> T reuse(String where, Node settings, Supplier<T> create) {
            String key = where + redisKey + "=" + fingerprint(settings, 0);
            Object part = used.get(key);
            if (part == null) {
                part = kept.get(key);
            }
            if (part == null) {
                part = create.get();
            }
            used.put(key, part);
            return (T) part;
        }

        /** Keeps this read's parts for the next one. */
        void commit() {
            kept = new HashMap<>(used);
        }
    }

    /** The settings as one canonical line (values, not layout); only for nodes already validated. */
    static String fingerprint(Node node, int depth) {
        if (node == null || depth > 8) {
            return "~";
        }
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue().length() + ":" + scalar.getValue();
        }
        StringBuilder out = new StringBuilder();
        if (node instanceof SequenceNode sequence) {
            out.append('[');
            for (Node item : sequence.getValue()) {
                out.append(fingerprint(item, depth + 1)).append(',');
            }
            return out.append(']').toString();
        }
        out.append('{');
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            out.append(fingerprint(tuple.getKeyNode(), depth + 1)).append('=')
                    .append(fingerprint(tuple.getValueNode(), depth + 1)).append(',');
        }
        return out.append('}').toString();
    }
}

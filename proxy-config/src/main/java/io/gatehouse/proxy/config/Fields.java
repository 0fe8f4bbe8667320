package io.gatehouse.proxy.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One YAML mapping of the file, read key by key: each getter marks its key as known, converts the
 * value and records a located problem when it cannot; {@link #finish()} reports the keys nobody
 * asked for (with a "did you mean"). A key given twice is a problem, whatever the YAML settings.
 */
final class Fields {

    private final Node node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> known = new LinkedHashSet<>();

    Fields(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        if (node instanceof MappingNode mapping) {
            Map<String, Node> firstKeys = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    problems.add(tuple.getKeyNode(), path, "a key must be a plain name, not a " + kind(tuple.getKeyNode()));
                    continue;
                }
                Node first = firstKeys.putIfAbsent(key.getValue(), key);
                if (first != null) {
                    problems.add(key, join(path, key.getValue()), "given twice (first on line "
                            + (first.getStartMark().map(m -> m.getLine() + 1).orElse(0)) + "); keep one");
                    continue;
                }
                entries.put(key.getValue(), tuple);
            }
        } else if (node != null && !isNull(node)) {
            problems.add(node, path, "expected a mapping of keys to values, found a " + kind(node));
        }
    }

    String path() {
        return path;
    }

    Problems problems() {
        return problems;
    }

    Node node() {
        return node;
    }

    String path(String key) {
        return join(path, key);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The value node of a key, marking it known; null when absent or null. */
    Node raw(String key) {
        known.add(key);
        NodeTuple tuple = entries.get(key);
        return tuple == null || isNull(tuple.getValueNode()) ? null : tuple.getValueNode();
    }

    boolean has(String key) {
        known.add(key);
        return entries.containsKey(key);
    }

    /** Whether the key is given with an explicit null ({@code key: null} or {@code key: ~}). */
    boolean isExplicitNull(String key) {
        known.add(key);
        NodeTuple tuple = entries.get(key);
        return tuple != null && isNull(tuple.getValueNode());
    }

    /** The keys given, in file order. */
    java.util.Set<String> keys() {
        return entries.keySet();
    }

    /** Records a problem at a key's value (at the mapping when the key is absent). */
    void problem(String key, String message) {
        NodeTuple tuple = entries.get(key);
        problems.add(tuple == null ? node : tuple.getValueNode(), path(key), message);
    }

    /** Runs {@code step} and turns what a builder throws into a problem at the key. */
    void attempt(String key, Runnable step) {
        try {
            step.run();
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            problem(key, e.getMessage());
        }
    }

    String string(String key) {
        Node value = raw(key);
        if (value == null) {
            return null;
        }
        if (value instanceof ScalarNode scalar) {
            return resolve(scalar, path(key));
        }
        problem(key, "expected a single value, found a " + kind(value));
        return null;
    }

    Integer integer(String key) {
        Long value = number(key, "a whole number");
        if (value == null) {
            return null;
        }
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            problem(key, value + " is too large (expected: a whole number up to " + Integer.MAX_VALUE + ")");
            return null;
        }
        return value.intValue();
    }

    Long longValue(String key) {
        return number(key, "a whole number");
    }

    private Long number(String key, String expected) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            problem(key, "'" + text + "' is not " + expected + " (expected: e.g. 3)");
            return null;
        }
    }

    Double decimal(String key) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            problem(key, "'" + text + "' is not a number (expected: e.g. 0.5)");
            return null;
        }
    }

    Boolean bool(String key) {
        Node value = raw(key);
        if (value == null) {
            return null;
        }
        if (value instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
            return Boolean.parseBoolean(scalar.getValue().toLowerCase(java.util.Locale.ROOT));
        }
        problem(key, "'" + text(value) + "' is not a boolean (expected: true or false)");
        return null;
    }

    Duration duration(String key) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        Duration duration = Values.duration(text);
        if (duration == null) {
            problem(key, "'" + text + "' is not a duration (" + Values.DURATION_EXPECTED + ")");
        }
        return duration;
    }

    Long size(String key) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        long size = Values.size(text);
        if (size < 0) {
            problem(key, "'" + text + "' is not a size (" + Values.SIZE_EXPECTED + ")");
            return null;
        }
        return size;
    }

    /** A list of single values; a single value alone counts as a list of one. Empty when absent. */
    List<String> strings(String key) {
        Node value = raw(key);
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof ScalarNode scalar) {
            Fields.ifPresent(resolve(scalar, path(key)), out::add);
            return out;
        }
        if (value instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                if (item instanceof ScalarNode scalar) {
                    Fields.ifPresent(resolve(scalar, path(key)), out::add);
                } else {
                    problems.add(item, path(key), "expected single values in this list, found a " + kind(item));
                }
            }
            return out;
        }
        problem(key, "expected a list of values, found a " + kind(value));
        return out;
    }

    /**
     * The text of a value; {@code ${env:NAME}} as the whole value is the environment variable
     * NAME (for secrets kept out of the file), a problem when it is not set.
     */
    String resolve(ScalarNode scalar, String field) {
        java.util.regex.Matcher env = ENV.matcher(scalar.getValue());
        if (!env.matches()) {
            return scalar.getValue();
        }
        String value = problems.environment(env.group(1));
        if (value == null) {
            problems.add(scalar, field, "environment variable " + env.group(1) + " is not set; set it, or write the value"
                    + " instead of " + scalar.getValue());
        }
        return value;
    }

    private static final java.util.regex.Pattern ENV = java.util.regex.Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    /** The nested mapping at a key, or null when absent. */
    Fields map(String key) {
        Node value = raw(key);
        return value == null ? null : new Fields(value, path(key), problems);
    }

    /** The items of a list at a key (empty when absent); a problem when it is not a list. */
    List<Node> list(String key) {
        Node value = raw(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        problem(key, "expected a list (items starting with '- '), found a " + kind(value));
        return List.of();
    }

    /** Each key and value of the mapping at a key, in file order, for maps keyed by id. */
    void entries(String key, EntryReader reader) {
        Node value = raw(key);
        if (value == null) {
            return;
        }
        if (!(value instanceof MappingNode mapping)) {
            problem(key, "expected a mapping keyed by id, found a " + kind(value));
            return;
        }
        Fields inner = new Fields(value, path(key), problems);
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode id && inner.entries.get(id.getValue()) == tuple) {
                reader.read(id.getValue(), tuple.getKeyNode(), tuple.getValueNode(), path(key) + "." + id.getValue());
            }
        }
    }

    /** Reads one entry of a mapping keyed by id. */
    @FunctionalInterface
    interface EntryReader {
        void read(String id, Node keyNode, Node value, String path);
    }

    /** Applies a value when the key is present. */
    static <T> void ifPresent(T value, Consumer<T> action) {
        if (value != null) {
            action.accept(value);
        }
    }

    /** Reports every key that no getter asked for. */
    void finish() {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!known.contains(entry.getKey())) {
                problems.add(entry.getValue().getKeyNode(), path(entry.getKey()), "unknown key"
                        + Suggestions.didYouMean(entry.getKey(), known) + " (known here: " + String.join(", ", known) + ")");
            }
        }
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "mapping";
        }
        if (node instanceof SequenceNode) {
            return "list";
        }
        return "value '" + text(node) + "'";
    }

    static String text(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : kind(node);
    }
}

package io.gatehouse.spring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * The {@code gatehouse:} subtree of the application's configuration (every property source, the
 * first one to give a property wins, placeholders resolved) as the text of a configuration file,
 * with where each value came from, so that the file reader's problems can be placed at the
 * property and its origin (e.g. {@code class path resource [application.yml] - 12:14}). Keys keep
 * the spelling they were written with (camelCase, as in the file schema).
 */
final class GatehouseProperties {

    /** The prefix of the subtree. */
    static final String PREFIX = "gatehouse";
    /** The starter's own keys, which the file schema does not have. */
    static final Set<String> STARTER_KEYS = Set.of("server", "enabled");

    private static final Pattern GATEHOUSE_ENV = Pattern.compile("\\$\\{env:[^}]*}");

    private final Map<String, Object> tree = new LinkedHashMap<>();
    private final Map<String, Origin> origins = new LinkedHashMap<>();

    private GatehouseProperties() {
    }

    /** The subtree of an environment. */
    static GatehouseProperties of(Environment environment) {
        GatehouseProperties properties = new GatehouseProperties();
        ConfigurationPropertyName root = ConfigurationPropertyName.of(PREFIX);
        Map<String, Boolean> seen = new HashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.filter(root::isAncestorOf).stream().forEach(name -> {
                List<Object> path = path(name);
                if (path.isEmpty() || STARTER_KEYS.contains(path.get(0).toString())) {
                    return;
                }
                String field = field(path);
                if (seen.putIfAbsent(field, true) != null) {
                    return; // a source before this one gave it
                }
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property == null) {
                    return;
                }
                properties.put(path, resolve(property.getValue(), environment));
                properties.origins.put(field, property.getOrigin());
            });
        }
        return properties;
    }

    /** Whether the application configures anything under {@code gatehouse:} besides the starter's keys. */
    boolean isEmpty() {
        return tree.isEmpty();
    }

    /** Where a field's value came from (its first value when the field is a mapping or list), or null. */
    Origin origin(String field) {
        Origin exact = origins.get(field);
        if (exact != null || field.isEmpty()) {
            return exact != null ? exact : origins.values().stream().findFirst().orElse(null);
        }
        for (Map.Entry<String, Origin> entry : origins.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(field + ".") || key.startsWith(field + "[")) {
                return entry.getValue();
            }
        }
        int cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
        return cut <= 0 ? origin("") : origin(field.substring(0, cut));
    }

    /** The subtree as the text of a configuration file (JSON, which is YAML 1.2). */
    String text() {
        StringBuilder out = new StringBuilder();
        write(tree, out);
        return out.append('\n').toString();
    }

    /** Placeholders resolved as Spring does, except Gatehouse's own {@code ${env:NAME}}, which the reader resolves. */
    private static Object resolve(Object value, Environment environment) {
        if (value instanceof CharSequence text) {
            String s = text.toString();
            return GATEHOUSE_ENV.matcher(s).matches() ? s : environment.resolvePlaceholders(s);
        }
        return value;
    }

    /** The name's elements after the prefix: strings for keys, integers for list indexes. */
    private static List<Object> path(ConfigurationPropertyName name) {
        List<Object> path = new ArrayList<>();
        for (int i = 1; i < name.getNumberOfElements(); i++) {
            if (name.isNumericIndex(i)) {
                path.add(Integer.parseInt(name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL)));
            } else {
                path.add(name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
            }
        }
        return path;
    }

    /** {@code routes[0].retry.maxAttempts}: a field as the file reader names it. */
    private static String field(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object element : path) {
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(element);
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private void put(List<Object> path, Object value) {
        Map<Object, Object> at = (Map<Object, Object>) (Map<?, ?>) tree;
        for (int i = 0; i < path.size() - 1; i++) {
            Object key = path.get(i);
            Object next = at.get(key);
            if (!(next instanceof Map)) {
                next = path.get(i + 1) instanceof Integer ? new TreeMap<Integer, Object>() : new LinkedHashMap<String, Object>();
                at.put(key, next);
            }
            at = (Map<Object, Object>) next;
        }
        at.putIfAbsent(path.get(path.size() - 1), value);
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof TreeMap<?, ?> list) {
            out.append('[');
            String sep = "";
            for (Object item : list.values()) {
                out.append(sep);
                write(item, out);
                sep = ", ";
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String sep = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(sep);
                quote(entry.getKey().toString(), out);
                out.append(": ");
                write(entry.getValue(), out);
                sep = ", ";
            }
            out.append('}');
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Number) {
            out.append(value);
        } else {
            String text = value.toString();
            if (text.equals("true") || text.equals("false")) {
                out.append(text); // a boolean from a source of strings (environment, command line)
            } else {
                quote(text, out);
            }
        }
    }

    /** A JSON string (RFC 8259 §7). */
    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

package io.gatehouse.proxy.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a route turns the request path into the upstream path: unchanged, with the matched prefix
 * stripped and/or a prefix added, or rebuilt from a template using the route's captured
 * variables. The upstream's own base path (from its URI) is prepended afterwards.
 *
 * <p>Examples for a route with prefix {@code /users}: strip turns {@code /users/7} into
 * {@code /7} and {@code /users} into {@code /}; strip plus add prefix {@code /v1} gives
 * {@code /v1/7} and {@code /v1}. A template {@code /v2/accounts/{id}} on a route
 * {@code /users/{id}} turns {@code /users/7} into {@code /v2/accounts/7}.
 */
public final class PathRewrite {

    private static final PathRewrite NONE = new PathRewrite(false, "", null);

    private final boolean stripPrefix;
    private final String addPrefix;
    private final String template;
    private final List<Object> templateParts;

    private PathRewrite(boolean stripPrefix, String addPrefix, String template) {
        this.stripPrefix = stripPrefix;
        this.addPrefix = addPrefix;
        this.template = template;
        this.templateParts = template == null ? List.of() : parseTemplate(template);
    }

    /** The path goes to the upstream unchanged. */
    public static PathRewrite none() {
        return NONE;
    }

    /**
     * Strips the matched prefix (if {@code stripPrefix}) and then adds {@code addPrefix}.
     *
     * @param addPrefix a path starting with {@code /}, or the empty string for none; a trailing
     *     slash is removed
     */
    public static PathRewrite prefix(boolean stripPrefix, String addPrefix) {
        String add = addPrefix == null ? "" : addPrefix;
        if (!add.isEmpty() && !add.startsWith("/")) {
            throw new IllegalArgumentException("added prefix '" + add + "' must start with '/' (e.g. '/" + add + "')");
        }
        while (add.endsWith("/")) {
            add = add.substring(0, add.length() - 1);
        }
        return !stripPrefix && add.isEmpty() ? NONE : new PathRewrite(stripPrefix, add, null);
    }

    /**
     * Rebuilds the path from a template such as {@code /v2/users/{id}/{*rest}}; the variables
     * come from the route's path template.
     */
    public static PathRewrite template(String template) {
        if (template == null || !template.startsWith("/")) {
            throw new IllegalArgumentException("path rewrite template '" + template + "' must start with '/'");
        }
        return new PathRewrite(false, "", template);
    }

    /** The upstream path (without the upstream's base path) for a request path and its match. */
    public String apply(String path, RouteMatch<?> match) {
        if (template != null) {
            return expand(match.variables());
        }
        if (this == NONE) {
            return path;
        }
        String rest = stripPrefix ? path.substring(match.prefixLength()) : path;
        if (rest.isEmpty()) {
            return addPrefix.isEmpty() ? "/" : addPrefix;
        }
        return addPrefix.isEmpty() ? rest : addPrefix + rest;
    }

    /**
     * The public path prefix that corresponds to {@link #upstreamPrefix()}: the part of the
     * request path that was stripped (empty when nothing was), used to map upstream
     * {@code Location} headers back.
     */
    public String publicPrefix(String path, RouteMatch<?> match) {
        return stripPrefix && template == null ? path.substring(0, match.prefixLength()) : "";
    }

    /** The path prefix this rewrite adds in front of the request path (empty when none). */
    public String upstreamPrefix() {
        return template == null ? addPrefix : "";
    }

    /** Whether the matched prefix is stripped. */
    public boolean stripsPrefix() {
        return stripPrefix;
    }

    /** The template variables this rewrite uses, in order. */
    public List<String> templateVariables() {
        List<String> names = new ArrayList<>();
        for (Object part : templateParts) {
            if (part instanceof Variable variable) {
                names.add(variable.name());
            }
        }
        return names;
    }

    private String expand(Map<String, String> variables) {
        StringBuilder out = new StringBuilder(template.length() + 16);
        for (Object part : templateParts) {
            if (part instanceof Variable variable) {
                out.append(variables.getOrDefault(variable.name(), ""));
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    private record Variable(String name) {
    }

    private static List<Object> parseTemplate(String template) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                parts.add(template.substring(i));
                break;
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("path rewrite template '" + template + "': '{' without '}'");
            }
            if (open > i) {
                parts.add(template.substring(i, open));
            }
            String name = PathPattern.variableName(template.substring(open, close + 1));
            if (name == null) {
                throw new IllegalArgumentException("path rewrite template '" + template + "': '"
                        + template.substring(open, close + 1) + "' is not a variable such as {id}");
            }
            parts.add(new Variable(name));
            i = close + 1;
        }
        return List.copyOf(parts);
    }

    @Override
    public String toString() {
        if (template != null) {
            return "template " + template;
        }
        return (stripPrefix ? "strip prefix" : "keep path") + (addPrefix.isEmpty() ? "" : ", add " + addPrefix);
    }
}

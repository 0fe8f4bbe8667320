package io.gatehouse.proxy.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The path part of a route: a segment-wise prefix, an exact path, or a template with variables.
 *
 * <ul>
 *   <li>{@link #prefix(String) prefix} {@code /users} matches {@code /users}, {@code /users/} and
 *       {@code /users/7}, never {@code /usersX}; a trailing slash in the pattern is ignored and
 *       {@code /} matches every path.</li>
 *   <li>{@link #exact(String) exact} {@code /health} matches that path only.</li>
 *   <li>{@link #template(String) template} {@code /users/{id}/orders} matches one segment per
 *       {@code {name}}; a last segment {@code {*rest}} matches the remaining segments, none
 *       included.</li>
 * </ul>
 *
 * <p>Matching is on the raw (percent-encoded) path and is case-sensitive, as in nginx.
 */
public final class PathPattern {

    /** What kind of path matching a pattern does. */
    public enum Kind { EXACT, TEMPLATE, PREFIX }

    private final Kind kind;
    private final String pattern;
    private final List<String> segments;

    private PathPattern(Kind kind, String pattern, List<String> segments) {
        this.kind = kind;
        this.pattern = pattern;
        this.segments = segments;
    }

    /**
     * A segment-wise prefix.
     *
     * @throws IllegalArgumentException if the pattern does not start with {@code /}
     */
    public static PathPattern prefix(String pattern) {
        requireSlash(pattern);
        String normalized = pattern;
        while (normalized.length() > 1 && normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return new PathPattern(Kind.PREFIX, normalized, PathSegments.split(normalized));
    }

    /**
     * An exact path.
     *
     * @throws IllegalArgumentException if the pattern does not start with {@code /}
     */
    public static PathPattern exact(String pattern) {
        requireSlash(pattern);
        return new PathPattern(Kind.EXACT, pattern, PathSegments.split(pattern));
    }

    /**
     * A template such as {@code /users/{id}/orders} or {@code /files/{*rest}}.
     *
     * @throws IllegalArgumentException if the pattern does not start with {@code /}, a variable
     *     is not a whole segment, a name repeats or is not an identifier, or {@code {*name}} is
     *     not the last segment
     */
    public static PathPattern template(String pattern) {
        requireSlash(pattern);
        List<String> segments = PathSegments.split(pattern);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.indexOf('{') < 0 && segment.indexOf('}') < 0) {
                continue;
            }
            String name = variableName(segment);
            if (name == null) {
                throw new IllegalArgumentException("path template '" + pattern + "': segment '" + segment
                        + "' mixes text and a variable (expected: a whole segment such as {id})");
            }
            if (isCatchAll(segment) && i != segments.size() - 1) {
                throw new IllegalArgumentException("path template '" + pattern + "': catch-all '" + segment
                        + "' must be the last segment");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("path template '" + pattern + "': variable '" + name
                        + "' appears twice (expected: unique names)");
            }
        }
        return new PathPattern(Kind.TEMPLATE, pattern, segments);
    }

    private static void requireSlash(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("path '" + pattern + "' must start with '/' (e.g. '/" + pattern + "')");
        }
    }

    /** The variable name of a segment {@code {name}} or {@code {*name}}, or null if it is not one. */
    static String variableName(String segment) {
        if (segment.length() < 3 || segment.charAt(0) != '{' || segment.charAt(segment.length() - 1) != '}') {
            return null;
        }
        String name = segment.substring(isCatchAll(segment) ? 2 : 1, segment.length() - 1);
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return null;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isJavaIdentifierPart(name.charAt(i))) {
                return null;
            }
        }
        return name;
    }

    static boolean isCatchAll(String segment) {
        return segment.startsWith("{*");
    }

    /** The kind of matching. */
    public Kind kind() {
        return kind;
    }

    /** The pattern as given (a prefix without its trailing slash). */
    public String pattern() {
        return pattern;
    }

    /** The pattern's segments. */
    List<String> segments() {
        return segments;
    }

    /** The variable names of a template, in order; empty for other kinds. */
    public List<String> variables() {
        List<String> names = new ArrayList<>();
        if (kind == Kind.TEMPLATE) {
            for (String segment : segments) {
                String name = variableName(segment);
                if (name != null) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    int literalSegmentCount() {
        int count = 0;
        for (String segment : segments) {
            if (kind != Kind.TEMPLATE || variableName(segment) == null) {
                count++;
            }
        }
        return count;
    }

    /**
     * The pattern reduced to what it matches: variable names are dropped ({@code /users/{id}} and
     * {@code /users/{name}} are the same), and a template without variables is an exact path.
     * Two patterns with the same canonical form match exactly the same paths.
     */
    public String canonical() {
        if (kind != Kind.TEMPLATE) {
            return kind.name() + " " + pattern;
        }
        StringBuilder shape = new StringBuilder();
        boolean anyVariable = false;
        for (String segment : segments) {
            String name = variableName(segment);
            anyVariable |= name != null;
            shape.append('/').append(name == null ? segment : isCatchAll(segment) ? "{*}" : "{}");
        }
        return anyVariable ? Kind.TEMPLATE.name() + " " + shape : Kind.EXACT.name() + " " + pattern;
    }

    /** Equal when both match exactly the same paths (see {@link #canonical()}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof PathPattern other && canonical().equals(other.canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + pattern;
    }
}

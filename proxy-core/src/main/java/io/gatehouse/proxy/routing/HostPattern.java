package io.gatehouse.proxy.routing;

import java.util.Locale;
import java.util.Objects;

/**
 * A host a route answers for: exact ({@code api.example.com}) or a wildcard over subdomains
 * ({@code *.example.com} matches {@code a.example.com} and {@code a.b.example.com}, not
 * {@code example.com}). Case-insensitive; the request's port is ignored.
 */
public final class HostPattern {

    private final String pattern;
    private final String suffix;

    private HostPattern(String pattern, String suffix) {
        this.pattern = pattern;
        this.suffix = suffix;
    }

    /**
     * Parses a host pattern.
     *
     * @throws IllegalArgumentException if it is empty, carries a port, or has a {@code *}
     *     anywhere but as the whole first label
     */
    public static HostPattern of(String pattern) {
        Objects.requireNonNull(pattern, "host");
        String host = pattern.trim().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host pattern is empty (expected: 'example.com' or '*.example.com')");
        }
        int portColon = host.startsWith("[") ? host.indexOf(':', Math.max(host.indexOf(']'), 0)) : host.indexOf(':');
        if (portColon >= 0) {
            throw new IllegalArgumentException("host pattern '" + pattern
                    + "' has a port; ports are ignored when matching, remove it");
        }
        if (host.startsWith("*.") && host.length() > 2 && host.indexOf('*', 1) < 0) {
            return new HostPattern(host, host.substring(1));
        }
        if (host.indexOf('*') >= 0) {
            throw new IllegalArgumentException("host pattern '" + pattern
                    + "': '*' is only allowed as the whole first label, e.g. '*.example.com'");
        }
        return new HostPattern(host, null);
    }

    /** Whether the request host (lower case, without port) matches. */
    public boolean matches(String host) {
        if (suffix == null) {
            return pattern.equals(host);
        }
        return host.length() > suffix.length() && host.endsWith(suffix);
    }

    /** Whether this is a {@code *.} wildcard. */
    public boolean isWildcard() {
        return suffix != null;
    }

    /** The pattern, lower case. */
    public String pattern() {
        return pattern;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostPattern other && pattern.equals(other.pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}

package io.gatehouse.proxy.routing;

import io.gatehouse.proxy.http.RequestView;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A condition on a request header: present, equal to a value (case-sensitive), or matching a
 * regular expression (the whole value). With several header lines, one matching is enough.
 */
public final class HeaderCondition {

    private enum Mode { PRESENT, EQUALS, MATCHES }

    private final String name;
    private final Mode mode;
    private final String value;
    private final Pattern regex;

    private HeaderCondition(String name, Mode mode, String value, Pattern regex) {
        this.name = Objects.requireNonNull(name, "header name");
        this.mode = mode;
        this.value = value;
        this.regex = regex;
    }

    /** The header is present, whatever its value. */
    public static HeaderCondition present(String name) {
        return new HeaderCondition(name, Mode.PRESENT, null, null);
    }

    /** One of the header's values equals {@code value}. */
    public static HeaderCondition equalTo(String name, String value) {
        return new HeaderCondition(name, Mode.EQUALS, Objects.requireNonNull(value, "value"), null);
    }

    /**
     * One of the header's values matches {@code regex} as a whole.
     *
     * @throws java.util.regex.PatternSyntaxException if the expression is invalid
     */
    public static HeaderCondition matching(String name, String regex) {
        return new HeaderCondition(name, Mode.MATCHES, regex, Pattern.compile(regex));
    }

    /** Whether the request satisfies this condition. */
    public boolean test(RequestView request) {
        if (mode == Mode.PRESENT) {
            return request.header(name) != null;
        }
        for (String candidate : request.headers(name)) {
            if (mode == Mode.EQUALS ? value.equals(candidate) : regex.matcher(candidate).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The header name. */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderCondition other && name.equalsIgnoreCase(other.name) && mode == other.mode
                && Objects.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return name.toLowerCase(java.util.Locale.ROOT).hashCode() * 31 + mode.hashCode();
    }

    @Override
    public String toString() {
        return switch (mode) {
            case PRESENT -> name;
            case EQUALS -> name + "=" + value;
            case MATCHES -> name + "~" + value;
        };
    }
}

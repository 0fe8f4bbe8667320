package io.gatehouse.proxy.routing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A condition on a query parameter: present, or equal to a value. Names and values are compared
 * after form decoding ({@code %xx} and {@code +}), case-sensitively.
 */
public final class QueryCondition {

    private final String name;
    private final String value;

    private QueryCondition(String name, String value) {
        this.name = Objects.requireNonNull(name, "query parameter name");
        this.value = value;
    }

    /** The parameter is present, with or without a value. */
    public static QueryCondition present(String name) {
        return new QueryCondition(name, null);
    }

    /** One occurrence of the parameter has exactly this value. */
    public static QueryCondition equalTo(String name, String value) {
        return new QueryCondition(name, Objects.requireNonNull(value, "value"));
    }

    /** Whether the raw query string (without {@code ?}, may be null) satisfies this condition. */
    public boolean test(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return false;
        }
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                boolean hasValue = eq >= 0 && eq < end;
                String key = decode(rawQuery.substring(start, hasValue ? eq : end));
                if (key.equals(name)) {
                    if (value == null) {
                        return true;
                    }
                    String actual = hasValue ? decode(rawQuery.substring(eq + 1, end)) : "";
                    if (value.equals(actual)) {
                        return true;
                    }
                }
            }
            start = end + 1;
        }
        return false;
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }

    /** The parameter name. */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryCondition other && name.equals(other.name) && Objects.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return value == null ? name : name + "=" + value;
    }
}

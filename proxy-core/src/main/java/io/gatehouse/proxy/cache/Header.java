package io.gatehouse.proxy.cache;

import java.util.Objects;

/**
 * One header field line: a name as received (compared case-insensitively) and its value.
 *
 * @param name the field name, e.g. {@code Cache-Control}
 * @param value the field value, without surrounding whitespace
 */
public record Header(String name, String value) {

    /** Checks that neither part is null. */
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** Whether this line's name is {@code name}, ignoring case (RFC 9110 §5.1). */
    public boolean is(String name) {
        return this.name.equalsIgnoreCase(name);
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}

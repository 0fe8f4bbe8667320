package io.gatehouse.proxy.micrometer;

import java.util.Locale;
import java.util.Set;

/**
 * Tag values kept bounded (ADR 0015): a method outside the registered ones is {@code OTHER}, a
 * status is its class; route, group and upstream ids come from the configuration. Never a raw
 * path, a query or a client address.
 */
final class MeterTags {

    /** The methods of RFC 9110 §9 and PATCH (RFC 5789); anything else is {@code OTHER}. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");

    private MeterTags() {
    }

    static String method(String method) {
        return METHODS.contains(method) ? method : "OTHER";
    }

    /** {@code 2xx} ... {@code 5xx}; {@code none} when no status was sent. */
    static String statusClass(int status) {
        return switch (status / 100) {
            case 1 -> "1xx";
            case 2 -> "2xx";
            case 3 -> "3xx";
            case 4 -> "4xx";
            case 5 -> "5xx";
            default -> "none";
        };
    }

    static String orNone(String id) {
        return id == null ? "none" : id;
    }

    static String lower(Enum<?> value) {
        return value == null ? "none" : value.name().toLowerCase(Locale.ROOT);
    }
}

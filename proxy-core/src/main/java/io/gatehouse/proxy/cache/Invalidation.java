package io.gatehouse.proxy.cache;

import java.util.Objects;

/**
 * One removal from an {@link HttpCache}, as an {@link InvalidationListener} hears of it and as
 * {@link HttpCache#apply} replays it on another instance's cache: every response stored under
 * a primary key, every one whose key starts with a prefix, or everything.
 *
 * @param scope what {@code key} names
 * @param key the primary key ({@link Scope#KEY}), the key prefix ({@link Scope#PREFIX}), or
 *     {@code ""} ({@link Scope#ALL})
 */
public record Invalidation(Scope scope, String key) {

    /** What an invalidation removes. */
    public enum Scope {
        /** Every response stored under one primary key (a purge, RFC 9111 §4.4 after an unsafe method). */
        KEY,
        /** Every response whose primary key starts with the key ({@link HttpCache#purgePrefix}). */
        PREFIX,
        /** Everything ({@link HttpCache#purgeAll}). */
        ALL
    }

    private static final Invalidation ALL_OF_IT = new Invalidation(Scope.ALL, "");

    /** Checks the parts: an {@code ALL} has the key {@code ""}. */
    public Invalidation {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        if (scope == Scope.ALL && !key.isEmpty()) {
            throw new IllegalArgumentException("key: '" + key + "' (expected: \"\" for scope ALL)");
        }
    }

    /** Every response stored under this primary key. */
    public static Invalidation key(String key) {
        return new Invalidation(Scope.KEY, key);
    }

    /** Every response whose primary key starts with this prefix. */
    public static Invalidation prefix(String prefix) {
        return new Invalidation(Scope.PREFIX, prefix);
    }

    /** Everything. */
    public static Invalidation all() {
        return ALL_OF_IT;
    }
}

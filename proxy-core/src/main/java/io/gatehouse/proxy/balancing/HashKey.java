package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.http.RequestView;
import java.util.Objects;

/**
 * What a request is hashed by for sticky balancing and sticky traffic splits: a header, a
 * cookie, the client's IP address, or the path. Immutable.
 */
public final class HashKey {

    private enum Source { HEADER, COOKIE, CLIENT_IP, PATH }

    private static final HashKey CLIENT_IP = new HashKey(Source.CLIENT_IP, null);
    private static final HashKey PATH = new HashKey(Source.PATH, null);

    private final Source source;
    private final String name;

    private HashKey(Source source, String name) {
        this.source = source;
        this.name = name;
    }

    /** The first value of a request header, e.g. {@code X-User-Id}. */
    public static HashKey header(String name) {
        return new HashKey(Source.HEADER, token("header", name));
    }

    /** The value of a cookie (RFC 6265), e.g. {@code session}. */
    public static HashKey cookie(String name) {
        return new HashKey(Source.COOKIE, token("cookie", name));
    }

    /**
     * The address of the socket peer ({@link RequestView#remoteAddress()}). Behind another proxy
     * this is that proxy's address.
     */
    public static HashKey clientIp() {
        return CLIENT_IP;
    }

    /** The raw request path below the mount prefix. */
    public static HashKey path() {
        return PATH;
    }

    /** The key of a request, or null when the request has none (no such header or cookie). */
    public String value(RequestView request) {
        return switch (source) {
            case HEADER -> request.header(name);
            case COOKIE -> Cookies.value(request, name);
            case CLIENT_IP -> request.remoteAddress();
            case PATH -> request.path();
        };
    }

    private static String token(String what, String name) {
        Objects.requireNonNull(name, what + " name");
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0)) {
            throw new IllegalArgumentException(what + " name: '" + name + "' (expected: a token such as 'X-User-Id')");
        }
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashKey other && source == other.source && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, name);
    }

    @Override
    public String toString() {
        return switch (source) {
            case HEADER -> "header " + name;
            case COOKIE -> "cookie " + name;
            case CLIENT_IP -> "client IP";
            case PATH -> "path";
        };
    }
}

package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.health.Endpoint;
import io.gatehouse.proxy.http.RequestView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * Cookie session affinity: the first response sets a cookie whose opaque value names the
 * upstream that served it; later requests carrying it go to that upstream while it is available,
 * and fall back to the group's policy (and get a new cookie) when it is not. The value is a hash
 * of the group and upstream ids: it reveals no address. Immutable.
 *
 * <p>The core decides (which upstream a value names, which {@code Set-Cookie} to send); the
 * adapter adds the {@code Set-Cookie} header the attempt carries to the proxy-to-client response.
 */
public final class SessionAffinity {

    /** The cookie name when none is given. */
    public static final String DEFAULT_COOKIE = "GATEHOUSE_AFFINITY";

    private final String cookieName;
    private final String path;
    private final Duration maxAge;

    private SessionAffinity(String cookieName, String path, Duration maxAge) {
        this.cookieName = cookieName;
        this.path = path;
        this.maxAge = maxAge;
    }

    /** Affinity by a session cookie named {@value #DEFAULT_COOKIE}, path {@code /}. */
    public static SessionAffinity cookie() {
        return cookie(DEFAULT_COOKIE);
    }

    /** Affinity by a session cookie with this name, path {@code /}. */
    public static SessionAffinity cookie(String name) {
        HashKey.cookie(name);
        return new SessionAffinity(name, "/", null);
    }

    /** The same affinity with the cookie's {@code Path} (default {@code /}). */
    public SessionAffinity path(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c < ' ' || c == ';' || c >= 127)) {
            throw new IllegalArgumentException("path: '" + path + "' (expected: a path starting with '/', without ';')");
        }
        return new SessionAffinity(cookieName, path, maxAge);
    }

    /** The same affinity with a persistent cookie kept this long (default: a session cookie). */
    public SessionAffinity maxAge(Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge: " + maxAge + " (expected: a positive duration)");
        }
        return new SessionAffinity(cookieName, path, maxAge);
    }

    /** The cookie's name. */
    public String cookieName() {
        return cookieName;
    }

    /** The cookie value that names this upstream of this group: opaque, stable across restarts and proxies. */
    public String cookieValue(String groupId, Endpoint upstream) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((groupId + "\n" + upstream.id()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The value of the affinity cookie the request carries, or null. */
    public String requested(RequestView request) {
        return Cookies.value(request, cookieName);
    }

    /**
     * The {@code Set-Cookie} value that names {@code value}, e.g.
     * {@code GATEHOUSE_AFFINITY=abc; Path=/; HttpOnly; SameSite=Lax} ({@code Secure} when the client
     * came over https; RFC 6265 §4.1).
     */
    public String setCookie(String value, RequestView request) {
        StringBuilder cookie = new StringBuilder(64).append(cookieName).append('=').append(value)
                .append("; Path=").append(path);
        if (maxAge != null) {
            cookie.append("; Max-Age=").append(maxAge.toSeconds());
        }
        cookie.append("; HttpOnly; SameSite=Lax");
        if ("https".equalsIgnoreCase(request.scheme())) {
            cookie.append("; Secure");
        }
        return cookie.toString();
    }

    @Override
    public String toString() {
        return "SessionAffinity[cookie " + cookieName + ", path " + path + (maxAge == null ? "" : ", max-age " + maxAge) + "]";
    }
}

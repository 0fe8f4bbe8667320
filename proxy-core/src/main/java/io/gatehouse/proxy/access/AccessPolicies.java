package io.gatehouse.proxy.access;

import io.gatehouse.proxy.http.HeaderValues;
import java.util.Collection;
import java.util.Objects;

/**
 * The built-in access policies: API key, HTTP Basic and bearer token. Each denies with
 * {@code 401} and a {@code WWW-Authenticate} challenge when credentials are missing or wrong,
 * and names the header it reads in {@link AccessPolicy#credentialHeaders()} so the proxy does
 * not forward it unless the route says so.
 */
public final class AccessPolicies {

    private AccessPolicies() {
    }

    /**
     * Requires a header whose value is one of {@code keys}, e.g. {@code apiKey("X-API-Key", keys)}.
     * The presented key is hashed (SHA-256) and compared with the hash of every key with
     * {@link java.security.MessageDigest#isEqual}, never stopping early, so the time taken says
     * nothing about how close a guess was or which key matched. Cost grows with the number of
     * keys (about 30 ns each).
     *
     * @throws IllegalArgumentException if the header name is not a token or there is no key
     */
    public static AccessPolicy apiKey(String header, Collection<String> keys) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(keys, "keys");
        if (!HeaderValues.isToken(header)) {
            throw new IllegalArgumentException("header: '" + header + "' (expected: a header name such as X-API-Key)");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys: empty (expected: at least one key; without keys nobody gets in)");
        }
        return new ApiKeyPolicy(header, keys);
    }

    /**
     * Requires HTTP Basic credentials (RFC 7617) that {@code verifier} accepts; challenges with
     * {@code WWW-Authenticate: Basic realm="<realm>", charset="UTF-8"}.
     *
     * @param realm the protection space shown to users; visible characters and spaces
     */
    public static AccessPolicy basic(String realm, PasswordVerifier verifier) {
        return new BasicAuthPolicy(checkRealm(realm), Objects.requireNonNull(verifier, "verifier"));
    }

    /**
     * Requires {@code Authorization: Bearer <token>} (RFC 6750 §2.1) that {@code verifier}
     * accepts; challenges with {@code WWW-Authenticate: Bearer realm="<realm>"}, adding
     * {@code error="invalid_token"} when a token was sent but refused (RFC 6750 §3).
     */
    public static AccessPolicy bearer(String realm, TokenVerifier verifier) {
        return new BearerTokenPolicy(checkRealm(realm), Objects.requireNonNull(verifier, "verifier"));
    }

    private static String checkRealm(String realm) {
        Objects.requireNonNull(realm, "realm");
        if (realm.isEmpty() || !HeaderValues.isSafe(realm) || realm.indexOf('\t') >= 0) {
            throw new IllegalArgumentException("realm: '" + realm + "' (expected: visible characters and spaces, e.g. \"api\")");
        }
        return realm;
    }
}

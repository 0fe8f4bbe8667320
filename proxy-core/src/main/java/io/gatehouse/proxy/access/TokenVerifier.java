package io.gatehouse.proxy.access;

/** Checks a bearer token (RFC 6750), e.g. a JWT's signature and expiry, or a lookup in a cache. */
@FunctionalInterface
public interface TokenVerifier {

    /** Whether the token grants access. Runs on the request thread: do not block for long. */
    boolean verify(String token);
}

package io.gatehouse.proxy.access;

/** Checks a user name and password from HTTP Basic authentication (RFC 7617). */
@FunctionalInterface
public interface PasswordVerifier {

    /**
     * Whether the password is right for the user. Runs on the request thread: compare in
     * constant time (e.g. a password hash check) and do not block for long.
     */
    boolean verify(String user, String password);
}

package io.gatehouse.proxy.jetty.forward;

/**
 * The upstream's response head cannot be relayed to the client (a status outside 100-599, a
 * transfer coding other than {@code chunked} alone); the attempt is aborted with it and
 * classified as {@link io.gatehouse.proxy.forward.ForwardFailure#INVALID_RESPONSE}. The message
 * says what was wrong and carries no address.
 */
public final class InvalidUpstreamResponseException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidUpstreamResponseException(String message) {
        super(message, null, false, false);
    }
}

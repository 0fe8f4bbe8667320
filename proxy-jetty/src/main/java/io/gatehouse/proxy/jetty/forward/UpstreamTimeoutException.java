package io.gatehouse.proxy.jetty.forward;

import io.gatehouse.proxy.forward.ForwardFailure;
import java.util.concurrent.TimeoutException;

/** A route timeout fired on the proxy-to-server leg; says which one. Carries no address. */
public final class UpstreamTimeoutException extends TimeoutException {

    private static final long serialVersionUID = 1L;

    private final transient ForwardFailure failure;

    UpstreamTimeoutException(ForwardFailure failure) {
        super(failure.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        this.failure = failure;
    }

    ForwardFailure failure() {
        return failure;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}

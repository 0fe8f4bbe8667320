package io.gatehouse.proxy.access;

/**
 * Which header trusted proxies in front of Gatehouse write the client's address into. Only the
 * one they write may be read: a client can send the other one, and a trusted proxy would pass
 * it on untouched.
 */
public enum ForwardedHeader {

    /** {@code X-Forwarded-For: client, proxy1, proxy2} (the de-facto standard; nginx, HAProxy, cloud load balancers). */
    X_FORWARDED_FOR("X-Forwarded-For"),
    /** RFC 7239 {@code Forwarded: for=client, for=proxy1}. */
    FORWARDED("Forwarded");

    private final String headerName;

    ForwardedHeader(String headerName) {
        this.headerName = headerName;
    }

    /** The header's name. */
    public String headerName() {
        return headerName;
    }
}

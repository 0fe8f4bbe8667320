package io.gatehouse.proxy.http;

import java.util.List;

/**
 * A read-only view of the client-to-proxy request, as the core sees it.
 *
 * <p>The adapter implements it over its server's request without copying. Every method is
 * cheap and may be called several times; none blocks.
 */
public interface RequestView {

    /** The request method, e.g. {@code GET}, as sent (methods are case-sensitive, RFC 9110 §9.1). */
    String method();

    /** {@code http} or {@code https}: how the client reached the proxy. */
    String scheme();

    /** The host the client asked for, lower case, without port; never null (falls back to the local name). */
    String host();

    /** The port the client asked for (from {@code Host}, else the local port). */
    int port();

    /**
     * The path below the proxy's mount prefix, raw (still percent-encoded), starting with
     * {@code /}; {@code /} when the request named the prefix itself.
     */
    String path();

    /** The raw query string without {@code ?}, byte for byte as the client sent it, or null. */
    String query();

    /** The first value of a header (name case-insensitive), or null. */
    String header(String name);

    /** Every value of a header (name case-insensitive), in order; empty when absent. */
    List<String> headers(String name);

    /** The address of the socket peer, as a literal IP. */
    String remoteAddress();

    /**
     * The client's address as access rules, rate limits and logs see it: the socket peer, or —
     * when the peer is a trusted proxy — the address that proxy forwarded for
     * ({@link io.gatehouse.proxy.access.ClientAddressResolver}). Adapters need not implement it:
     * {@code ProxyEngine} hands every stage after it a view that answers the resolved address.
     * By default, the socket peer.
     */
    default String clientAddress() {
        return remoteAddress();
    }
}

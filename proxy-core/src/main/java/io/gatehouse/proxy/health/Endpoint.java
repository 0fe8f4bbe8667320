package io.gatehouse.proxy.health;

import java.net.URI;

/**
 * One upstream as health checks, load balancers and attempts see it: its id, weight and address.
 * The configuration's {@code Upstream} implements it; the runtime state ({@link UpstreamState})
 * keeps it apart from the configuration.
 */
public interface Endpoint {

    /** The id, unique within its group. */
    String id();

    /** The relative weight, at least 1. */
    int weight();

    /** The URI as configured. */
    URI uri();

    /** {@code http} or {@code https}. */
    String scheme();

    /** Whether the endpoint is spoken to over HTTP/2 (h2c in cleartext, h2 over TLS); HTTP/1.1 when false. */
    default boolean http2() {
        return false;
    }

    /** The host name or IP literal. */
    String host();

    /** The port, explicit or the scheme's default. */
    int port();

    /** {@code scheme://host:port}, with the port always present. */
    String origin();

    /** The raw base path without a trailing slash; empty when the URI has none. */
    String basePath();
}

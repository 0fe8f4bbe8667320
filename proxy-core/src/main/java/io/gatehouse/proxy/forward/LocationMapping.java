package io.gatehouse.proxy.forward;

/**
 * What {@link LocationRewriter} needs of a forwarded request to map upstream addresses back to
 * public ones: the upstream's host, port and base path, and the two prefixes that correspond.
 * The engine's attempt plan implements it.
 */
public interface LocationMapping {

    /** The upstream's host name or IP literal (an IPv6 literal with or without brackets). */
    String upstreamHost();

    /** The upstream's port, explicit or the scheme's default. */
    int upstreamPort();

    /** The upstream's raw base path without a trailing slash; empty when it has none. */
    String upstreamBasePath();

    /** The public path prefix (mount prefix plus any stripped route prefix). */
    String publicPrefix();

    /** The upstream path prefix (base path included) that corresponds to {@link #publicPrefix()}. */
    String upstreamPrefix();

    /** The raw path prefix the proxy is mounted at (empty at the root). */
    String mountPrefix();
}

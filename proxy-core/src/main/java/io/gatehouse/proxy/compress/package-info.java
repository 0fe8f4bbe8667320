/**
 * Response compression decisions, on the proxy-to-client leg. {@link
 * io.gatehouse.proxy.compress.CompressionPolicy#decide} looks at the client's
 * {@code Accept-Encoding} (with q-values) and the response's status, type, size and headers, and
 * says whether to compress and with which coding, and how {@code Vary} and {@code ETag} change;
 * the adapter does the streaming compression of forwarded responses, the cache compresses a
 * stored body once and serves it to every client that accepts it. Never compresses twice, never
 * touches a {@code Content-Range} response or one marked {@code no-transform}. No I/O.
 */
package io.gatehouse.proxy.compress;

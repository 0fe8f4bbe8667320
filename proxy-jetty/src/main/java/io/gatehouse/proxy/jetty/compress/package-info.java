/**
 * Internal (ADR 0014): gzip of streamed responses as the core's {@code CompressionPolicy} decides
 * ({@link io.gatehouse.proxy.jetty.compress.CompressionListener} wraps the exchange's listener,
 * {@link io.gatehouse.proxy.jetty.compress.GzipBodyWriter} deflates on the way out). Not API.
 */
package io.gatehouse.proxy.jetty.compress;

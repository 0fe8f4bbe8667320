/**
 * Internal (ADR 0014): what the adapter does with the core's {@code HttpCache} answers: writes a
 * stored response ({@link io.gatehouse.proxy.jetty.cache.CachedResponses}) and answers purge
 * requests ({@link io.gatehouse.proxy.jetty.cache.PurgeRequests}). Not API.
 */
package io.gatehouse.proxy.jetty.cache;

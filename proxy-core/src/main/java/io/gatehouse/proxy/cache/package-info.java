/**
 * HTTP caching. For now only the {@link io.gatehouse.proxy.cache.CachePolicy} a route carries;
 * the RFC 9111 shared cache, its store and revalidation come with the caching issue.
 */
package io.gatehouse.proxy.cache;

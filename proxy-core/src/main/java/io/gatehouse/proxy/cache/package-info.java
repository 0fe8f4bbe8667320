/**
 * The RFC 9111 shared HTTP cache, stage 4 of the request's way: after routing, access and rate
 * limiting, before load balancing. {@link io.gatehouse.proxy.cache.HttpCache#lookup} looks a
 * client-to-proxy request up and answers it from memory ({@link
 * io.gatehouse.proxy.cache.CacheDecision.Serve}), sends it on, possibly as a validation
 * ({@link io.gatehouse.proxy.cache.CacheDecision.Forward} with a {@link
 * io.gatehouse.proxy.cache.CacheExchange}), or makes it wait for a concurrent fetch of the same
 * key ({@link io.gatehouse.proxy.cache.CacheDecision.Await}); the exchange then sees the
 * server-to-proxy response and decides whether it is stored ({@link
 * io.gatehouse.proxy.cache.StoreDecision}) and what the client gets ({@link
 * io.gatehouse.proxy.cache.ResponsePlan}). A route's {@link io.gatehouse.proxy.cache.CachePolicy}
 * says what may be stored and under which key. Every rule is a pure function of the injected
 * clock's time, the request and the stored response; the store is a Caffeine cache bounded by
 * bytes. The adapter does all I/O.
 */
package io.gatehouse.proxy.cache;

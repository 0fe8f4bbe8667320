package io.gatehouse.proxy.cache;

/**
 * What the adapter does with a server-to-proxy response the cache has seen
 * ({@link CacheExchange#onResponse}): pass it on to the client, or answer from the cache instead.
 */
public sealed interface ResponsePlan permits ResponsePlan.Pass, CacheDecision.Serve {

    /**
     * Send the upstream's response to the client with this head (the upstream's plus
     * {@code Cache-Status}); stream its body as usual. When {@code store.store()} is true, also
     * hand every body chunk to {@link CacheExchange#onContent} and the end to
     * {@link CacheExchange#onComplete} (calling them when it is false is harmless).
     *
     * @param head the proxy-to-client head
     * @param store whether and how the response is being stored
     */
    record Pass(ResponseHead head, StoreDecision store) implements ResponsePlan {
    }
}

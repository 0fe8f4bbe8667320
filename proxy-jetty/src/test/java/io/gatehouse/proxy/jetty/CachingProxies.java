package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import java.util.function.Consumer;
import java.util.function.Function;

/** Configurations of a caching proxy for the cache's integration tests: one route for every path, one backend. */
final class CachingProxies {

    private CachingProxies() {
    }

    /** Every path cached by {@code policy} in {@code cache}, forwarded to {@code backend}. */
    static ProxyConfig config(Backend backend, HttpCache cache, CachePolicy policy) {
        return config(backend.uri().toString(), cache, policy, builder -> { });
    }

    /** The same with extra settings (compression, edge options). */
    static ProxyConfig config(String upstream, HttpCache cache, CachePolicy policy, Consumer<ProxyConfig.Builder> more) {
        ProxyConfig.Builder builder = ProxyConfig.builder()
                .httpCache(cache)
                .upstreamGroup("g", g -> g.upstream(upstream))
                .route("all", r -> r.cache(policy).to("g"));
        more.accept(builder);
        return builder.build();
    }

    /**
     * A backend whose replies carry a {@code Date} from the test clock, so that the cache sees no
     * clock skew when the test moves its clock forward (RFC 9111 §4.2.3 apparent age).
     */
    static Backend backend(MutableClock clock, Function<Backend.Seen, Backend.Reply> replies) throws Exception {
        return Backend.start(seen -> replies.apply(seen).with("Date", clock.httpDate()));
    }

    /** A cache named {@code gatehouse} on the given clock. */
    static HttpCache cache(MutableClock clock) {
        return HttpCache.builder().clock(clock).build();
    }
}

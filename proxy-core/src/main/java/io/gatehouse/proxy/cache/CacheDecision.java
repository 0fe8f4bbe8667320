package io.gatehouse.proxy.cache;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * What the cache decided for a request ({@link HttpCache#lookup}): answer it from the store,
 * forward it, or wait for another request's fetch of the same key.
 */
public sealed interface CacheDecision permits CacheDecision.Serve, CacheDecision.Forward, CacheDecision.Await {

    /** How a {@link Serve} came about, for metrics and logs. */
    enum Kind {
        /** A fresh stored response (RFC 9111 §4.2), or a 304 from it to the client's conditional request (§4.3.2). */
        HIT,
        /** A stale stored response the rules allow: the request's {@code max-stale} or the response's {@code stale-while-revalidate}. */
        STALE,
        /** A stored response the origin just validated with a 304 (§4.3.3, §4.3.4). */
        REVALIDATED,
        /** A stale stored response served because the origin failed or answered 5xx (RFC 5861 §4). */
        STALE_IF_ERROR,
        /** 504: the request had {@code only-if-cached} and nothing stored fits it (§5.2.1.7). */
        ONLY_IF_CACHED,
        /** 502: the origin answered our validation with a 304 that matches no stored response (§4.3.4). */
        BAD_VALIDATION
    }

    /**
     * Answer the client from the cache: write {@code head} and {@code body} exactly as they are.
     * The head carries {@code Age}, {@code Content-Length} and {@code Cache-Status}; the body is
     * already content-coded for this client when the cache compresses, empty for HEAD and 304.
     *
     * @param kind how it came about
     * @param head the proxy-to-client head
     * @param body a read-only view of the body, to write as is
     * @param refresh when not null, a background revalidation to send now (RFC 5861 §3): a GET of
     *     the same target with the client's request headers, edited as the exchange says; no
     *     client waits for it
     */
    record Serve(Kind kind, ResponseHead head, ByteBuffer body, CacheExchange refresh) implements CacheDecision, ResponsePlan {
    }

    /**
     * Forward the request to the upstream, edited as the exchange says, and report the
     * response to the exchange.
     *
     * @param exchange the cache's side of this forwarded request
     */
    record Forward(CacheExchange exchange) implements CacheDecision {
    }

    /**
     * Another request for the same key is being fetched (request coalescing): wait for
     * {@code next}, then act on that decision (a {@link Serve} from the fresh entry, or a
     * {@link Forward} when the leader's response could not be stored or the wait timed out).
     * It completes on the thread that finished the leader's exchange, or on the JDK's timer
     * thread: do not block there.
     *
     * @param next the decision to act on once the leader is done; never completes exceptionally
     */
    record Await(CompletableFuture<CacheDecision> next) implements CacheDecision {
    }
}

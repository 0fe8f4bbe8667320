package io.gatehouse.proxy.observe;

import java.util.List;

/**
 * Hears what the proxy does with each request, one method per decision, in the order of the
 * request's way; every method does nothing by default, so an observer overrides the ones it
 * wants. Register observers with {@code ProxyConfig.builder().observer(...)}; with none, the proxy
 * builds no events at all.
 *
 * <p>Methods are called on the thread that made the decision (a server request thread, a
 * jetty-client thread, a scheduler thread): they must be quick and must not block. An exception
 * thrown by an observer is caught, logged at DEBUG and otherwise ignored: an observer cannot fail a
 * request.
 */
public interface ProxyObserver {

    /** An observer that does nothing. */
    ProxyObserver NONE = new ProxyObserver() {
    };

    /** A request arrived and was identified (request id, client address). */
    default void requestStarted(RequestStarted event) {
    }

    /** An attempt on an upstream was sent. */
    default void attemptStarted(AttemptStarted event) {
    }

    /** An attempt ended: a response relayed whole, a response discarded for a retry, a failure. */
    default void attemptEnded(AttemptEnded event) {
    }

    /** The request will be tried again on another attempt. */
    default void retry(RetryScheduled event) {
    }

    /** An upstream's health changed (ejected by outlier detection, failed or passed its checks). */
    default void healthChanged(UpstreamHealthChanged event) {
    }

    /** The cache had its say: served from the store, or a miss that goes upstream. */
    default void cacheResult(CacheResult event) {
    }

    /** The request was refused by a rate limit or an access rule. */
    default void denied(Denied event) {
    }

    /** The response to the client is complete (or was aborted): one per request. */
    default void responseCompleted(ResponseCompleted event) {
    }

    /**
     * One observer that tells each of {@code observers} in turn; {@link #NONE} when the list is
     * empty, the observer itself when there is one.
     */
    static ProxyObserver of(List<ProxyObserver> observers) {
        List<ProxyObserver> copy = List.copyOf(observers);
        if (copy.isEmpty()) {
            return NONE;
        }
        return new GuardedObserver(copy);
    }
}

package io.gatehouse.proxy.observe;

/**
 * An attempt ended.
 *
 * @param started the attempt as it was sent
 * @param outcome how it ended
 * @param status the upstream's status, or 0 when no response arrived
 * @param durationNanos from sending to its end (response relayed whole, discarded, or failed)
 */
public record AttemptEnded(AttemptStarted started, Outcome outcome, int status, long durationNanos) {

    /** How an attempt ended, as passive health sees it. */
    public enum Outcome {
        /** A response below 500. */
        SUCCESS,
        /** A 5xx response. */
        SERVER_ERROR,
        /** The connection could not be opened. */
        CONNECT_FAILURE,
        /** The upstream took too long or went silent. */
        TIMEOUT,
        /** The connection broke, or the response could not be relayed. */
        RESET,
        /** No verdict on the upstream: the client went away, a retry replaced it, the proxy gave up. */
        CANCELLED
    }
}

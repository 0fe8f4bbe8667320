package io.gatehouse.proxy.jetty.forward;

/**
 * Where a {@link ForwardExchange} is in its life: one value, changed by compare-and-set along the
 * transitions {@link #allows} lists, so that callbacks racing on jetty-client's, the container's
 * and the scheduler's threads agree on what happened first, and a callback that comes late (after
 * a retry, an answer or the end) finds its transition refused and does nothing.
 *
 * <pre>
 *   SENDING ──▶ RELAYING ──▶ ENDED
 *     │  ▲         │
 *     ▼  │         ▼
 *   RETRYING    CLIENT_FAILED / BODY_TOO_LARGE ──▶ ANSWERING ──▶ ENDED
 *     └──────────────────────────────────────────▶ ANSWERING
 * </pre>
 */
public enum ExchangePhase {

    /** An attempt is on the wire; nothing has gone to the client. */
    SENDING,
    /** The last attempt was given up; the next one is sent after the retry's delay. */
    RETRYING,
    /** The response head went to the client; its body streams. */
    RELAYING,
    /** The client's side failed (its body could not be read, or its connection broke): the attempt is aborted. */
    CLIENT_FAILED,
    /** The client's body went over the route's limit while streaming: the attempt is aborted, the answer is 413. */
    BODY_TOO_LARGE,
    /** The proxy writes its own answer: a problem, or a response from the cache. */
    ANSWERING,
    /** Over: the core's exchange is closed and the async context completed. */
    ENDED;

    /** Whether an exchange in this phase may move to {@code next}. {@link #ENDED} is reachable from every other phase. */
    public boolean allows(ExchangePhase next) {
        if (next == ENDED) {
            return this != ENDED;
        }
        return switch (this) {
            case SENDING -> next != SENDING;
            case RETRYING -> next == SENDING || next == ANSWERING || next == CLIENT_FAILED || next == BODY_TOO_LARGE;
            case RELAYING -> next == ANSWERING || next == CLIENT_FAILED || next == BODY_TOO_LARGE;
            case CLIENT_FAILED, BODY_TOO_LARGE -> next == ANSWERING;
            case ANSWERING, ENDED -> false;
        };
    }

    /** Whether the response events of the attempt on the wire still count in this phase. */
    boolean attemptLive() {
        return this == SENDING || this == RELAYING || this == CLIENT_FAILED || this == BODY_TOO_LARGE;
    }

    /** Whether the client's side failed. */
    boolean clientFailed() {
        return this == CLIENT_FAILED || this == BODY_TOO_LARGE;
    }
}

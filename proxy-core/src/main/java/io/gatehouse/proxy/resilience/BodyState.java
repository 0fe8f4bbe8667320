package io.gatehouse.proxy.resilience;

/** What of the request had gone to the upstream when an attempt failed, as the adapter knows it. */
public enum BodyState {

    /** Nothing of the request was sent (e.g. the connection failed): any request can be retried. */
    NOT_SENT,
    /** The request was sent, and its body (if any) is kept whole: it can be replayed. */
    REPLAYABLE,
    /** The request was sent and its body was larger than the replay limit: it cannot be replayed. */
    NOT_REPLAYABLE
}

package io.gatehouse.proxy.jetty.forward;

import io.gatehouse.proxy.forward.ForwardFailure;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpResponseException;

/** Maps a failure of the proxy-to-server exchange to the leg that failed. */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    /**
     * Classifies a failure.
     *
     * @param failure what jetty-client reported
     * @param requestBegun whether the request had begun on a connection (connect was over)
     */
    static ForwardFailure classify(Throwable failure, boolean requestBegun) {
        return classify(failure, requestBegun, true);
    }

    /**
     * Classifies a failure; a connection that closed or reset after the request began on it but
     * before any response byte is {@link ForwardFailure#STALE_CONNECTION} (typically a pooled
     * connection the upstream had closed while idle), which is retried on a fresh connection.
     *
     * @param headReceived whether the response head had arrived
     */
    static ForwardFailure classify(Throwable failure, boolean requestBegun, boolean headReceived) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UpstreamTimeoutException timeout) {
                return timeout.failure();
            }
            if (t instanceof InvalidUpstreamResponseException || t instanceof HttpResponseException) {
                // Refused by the proxy's own checks, or by jetty-client's parser (a "bad response").
                return ForwardFailure.INVALID_RESPONSE;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return ForwardFailure.CONNECT_FAILED;
            }
            if (t instanceof SocketTimeoutException) {
                return requestBegun ? ForwardFailure.IDLE_TIMEOUT : ForwardFailure.CONNECT_TIMEOUT;
            }
            if (t instanceof TimeoutException) {
                return requestBegun ? ForwardFailure.IDLE_TIMEOUT : ForwardFailure.CONNECT_TIMEOUT;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (requestBegun && !headReceived && isClosed(failure)) {
            return ForwardFailure.STALE_CONNECTION;
        }
        return requestBegun ? ForwardFailure.UPSTREAM_FAILED : ForwardFailure.CONNECT_FAILED;
    }

    private static boolean isClosed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException || t instanceof java.nio.channels.ClosedChannelException
                    || t instanceof org.eclipse.jetty.io.EofException || t instanceof java.net.SocketException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}

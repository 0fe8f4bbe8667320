package io.gatehouse.proxy.engine;

import io.gatehouse.proxy.http.HeaderValues;
import io.gatehouse.proxy.http.MaxForwards;
import io.gatehouse.proxy.http.Problem;
import java.util.Map;

/**
 * The answers the proxy gives as the final recipient of a request: an {@code OPTIONS} or
 * {@code TRACE} whose {@code Max-Forwards} is 0 (RFC 9110 §7.6.2), and the 400 for a
 * {@code Max-Forwards} it cannot read ({@link MaxForwards}).
 */
final class FinalRecipient {

    /** The 400 for an {@code OPTIONS} / {@code TRACE} whose {@code Max-Forwards} is not one number. */
    static final Problem INVALID_MAX_FORWARDS = Problem.of(400,
            "Max-Forwards must be one non-negative decimal number (RFC 9110 §7.6.2).");

    private FinalRecipient() {
    }

    /**
     * The answer to an {@code OPTIONS} or {@code TRACE} with {@code Max-Forwards: 0}.
     *
     * <p>{@code OPTIONS} (RFC 9110 §9.3.7): 200 with {@code Allow} listing the methods the proxy
     * forwards and no content. {@code TRACE} (RFC 9110 §9.3.8; only reaches here when the edge
     * allows it): 200 {@code message/http} reflecting the request line and the fields a trace is
     * for ({@code Host}, {@code Max-Forwards}, {@code Via}). The other fields are left out: the
     * RFC asks the final recipient to exclude fields likely to hold sensitive data, and the proxy
     * cannot tell which custom fields carry credentials (API keys, tokens, cookies).
     */
    static Decision.Answer answer(IdentifiedRequest request, String mountPrefix, boolean traceAllowed) {
        if (request.method().equalsIgnoreCase("OPTIONS")) {
            String allow = traceAllowed ? EdgeGuard.ALLOWED_METHODS + ", TRACE" : EdgeGuard.ALLOWED_METHODS;
            return new Decision.Answer(200, Map.of("Allow", allow), null, "");
        }
        return new Decision.Answer(200, Map.of(), "message/http", reflect(request, mountPrefix));
    }

    /** The request as {@code message/http} (RFC 9112 §10.1): its line and the fields a trace is for. */
    private static String reflect(IdentifiedRequest request, String mountPrefix) {
        StringBuilder message = new StringBuilder(128).append(request.method()).append(' ')
                .append(mountPrefix).append(request.path());
        if (request.query() != null) {
            message.append('?').append(request.query());
        }
        message.append(" HTTP/1.1\r\n");
        String host = request.header("Host");
        field(message, "Host", host != null ? host : request.host());
        for (String value : request.headers(MaxForwards.NAME)) {
            field(message, MaxForwards.NAME, value);
        }
        for (String value : request.headers("Via")) {
            field(message, "Via", value);
        }
        return message.append("\r\n").toString();
    }

    private static void field(StringBuilder message, String name, String value) {
        if (value != null && HeaderValues.isSafe(value)) {
            message.append(name).append(": ").append(value).append("\r\n");
        }
    }
}

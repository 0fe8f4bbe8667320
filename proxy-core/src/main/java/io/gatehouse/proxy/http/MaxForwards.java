package io.gatehouse.proxy.http;

import java.util.List;

/**
 * What the proxy does with a request's {@code Max-Forwards} (RFC 9110 §7.6.2): on {@code OPTIONS}
 * and {@code TRACE} a value of 0 makes the proxy the final recipient (it answers, nothing is
 * forwarded), any other value is forwarded decremented by one. Other methods pass the field
 * untouched: RFC 9110 §7.6.2 lets a recipient ignore it there.
 *
 * <p>The field is {@code 1*DIGIT}, one value. On {@code OPTIONS} / {@code TRACE} anything else
 * (letters, a sign, an empty value, several values) is {@link Action#REFUSE_INVALID refused}
 * with 400, as Apache httpd's proxy does: the proxy must act on the value, and passing on a value
 * it cannot read would let each hop after it read it its own way. A value too large for a
 * {@code long} counts as {@link Long#MAX_VALUE} (no one forwards that many hops). Pure and
 * immutable.
 */
public final class MaxForwards {

    /** The field name. */
    public static final String NAME = "Max-Forwards";

    /** What to do with the request. */
    public enum Action {
        /** Forward the request with {@code Max-Forwards} as it came (or without it): not OPTIONS/TRACE, or absent. */
        PASS,
        /** {@code OPTIONS} / {@code TRACE} with {@code Max-Forwards: 0}: the proxy answers, nothing is forwarded. */
        ANSWER_HERE,
        /** {@code OPTIONS} / {@code TRACE} with a positive value: forward with {@link #forwardValue()}. */
        FORWARD_DECREMENTED,
        /** {@code OPTIONS} / {@code TRACE} with a value that is not one number: answer 400. */
        REFUSE_INVALID
    }

    private static final MaxForwards PASS = new MaxForwards(Action.PASS, null);
    private static final MaxForwards ANSWER_HERE = new MaxForwards(Action.ANSWER_HERE, null);
    private static final MaxForwards INVALID = new MaxForwards(Action.REFUSE_INVALID, null);
    private static final int LONGEST = String.valueOf(Long.MAX_VALUE).length() - 1;

    private final Action action;
    private final String forwardValue;

    private MaxForwards(Action action, String forwardValue) {
        this.action = action;
        this.forwardValue = forwardValue;
    }

    /**
     * Decides for a client-to-proxy request; reads the field only for {@code OPTIONS} and
     * {@code TRACE} (letter case ignored, as the edge does for {@code TRACE}).
     */
    public static MaxForwards of(RequestView clientToProxyRequest) {
        String method = clientToProxyRequest.method();
        if (!appliesTo(method)) {
            return PASS;
        }
        return of(method, clientToProxyRequest.headers(NAME));
    }

    /**
     * Decides for a method and the field lines of {@code Max-Forwards} (empty when absent).
     *
     * @param method the request method
     * @param fieldLines every {@code Max-Forwards} field line, in order
     */
    public static MaxForwards of(String method, List<String> fieldLines) {
        if (!appliesTo(method) || fieldLines.isEmpty()) {
            return PASS;
        }
        if (fieldLines.size() != 1) {
            return INVALID;
        }
        String value = trim(fieldLines.get(0));
        if (value.isEmpty()) {
            return INVALID;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
        }
        int start = 0;
        while (start < value.length() - 1 && value.charAt(start) == '0') {
            start++;
        }
        String digits = value.substring(start);
        long hops = digits.length() > LONGEST ? Long.MAX_VALUE : Long.parseLong(digits);
        if (hops == 0) {
            return ANSWER_HERE;
        }
        return new MaxForwards(Action.FORWARD_DECREMENTED, Long.toString(hops - 1));
    }

    /** Whether Max-Forwards means anything for the method: {@code OPTIONS} and {@code TRACE} (RFC 9110 §7.6.2). */
    public static boolean appliesTo(String method) {
        return method.equalsIgnoreCase("OPTIONS") || method.equalsIgnoreCase("TRACE");
    }

    /** What to do. */
    public Action action() {
        return action;
    }

    /** The value to forward for {@link Action#FORWARD_DECREMENTED} (the received one minus 1), else null. */
    public String forwardValue() {
        return forwardValue;
    }

    /** Removes optional whitespace (SP, HTAB) around a field value, RFC 9110 §5.5. */
    private static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
    }

    @Override
    public String toString() {
        return forwardValue == null ? "MaxForwards[" + action + "]" : "MaxForwards[" + action + " " + forwardValue + "]";
    }
}

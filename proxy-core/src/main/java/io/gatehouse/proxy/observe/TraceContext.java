package io.gatehouse.proxy.observe;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * What the proxy does with W3C Trace Context (https://www.w3.org/TR/trace-context/): the
 * {@code traceparent} and {@code tracestate} request headers.
 *
 * <ul>
 *   <li>{@link Mode#PASS}: headers go upstream as the client sent them (the proxy takes no part).
 *   <li>{@link Mode#JOIN}: a valid {@code traceparent} keeps its trace id and flags, and each
 *       attempt gets a new span id of the proxy's as its parent-id (§3.2.2.3); {@code tracestate}
 *       goes on as received. A malformed one (§3.2.2: version {@code 00} is 55 characters, lower-case
 *       hex, trace and parent ids not all zeros) is replaced by a new trace, and its
 *       {@code tracestate} dropped (§3.3: not to be read without a valid {@code traceparent}).
 *       Without one, none is started.
 *   <li>{@link Mode#START}: as {@code JOIN}, and a request without {@code traceparent} starts a
 *       new trace (sampled flag off: the proxy records nothing itself).
 * </ul>
 *
 * <p>Immutable; parsing and formatting are pure functions of the header and a random source.
 */
public final class TraceContext {

    /** The header names (RFC 9110 field names are case-insensitive; these are the spec's). */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    /** How the proxy takes part in trace context. */
    public enum Mode {
        /** Headers passed on untouched. */
        PASS,
        /** Take part in a trace the client started; replace a malformed one. */
        JOIN,
        /** Take part, and start a trace when the client did not. */
        START
    }

    private static final HexFormat HEX = HexFormat.of();

    /**
     * One request's trace: the trace id and flags every attempt carries, and the client's parent
     * span (null when the proxy started the trace).
     *
     * @param traceId 32 lower-case hex digits
     * @param parentSpanId the client's span id (16 hex digits), or null
     * @param flags two hex digits
     * @param replaced whether the client's header was malformed and is replaced (drop its tracestate)
     */
    public record Trace(String traceId, String parentSpanId, String flags, boolean replaced) {

        /** The {@code traceparent} of one attempt whose span id is {@code spanId}. */
        public String traceparent(String spanId) {
            return "00-" + traceId + "-" + spanId + "-" + flags;
        }

        /** A new span id: 8 random bytes, not all zero. */
        public static String newSpanId(RandomGenerator random) {
            long id;
            do {
                id = random.nextLong();
            } while (id == 0);
            return HEX.toHexDigits(id);
        }
    }

    private TraceContext() {
    }

    /**
     * The trace of a request, from its {@code traceparent} header value (null when absent).
     *
     * @return the trace to carry on, or null when the mode is {@link Mode#PASS}, or {@link Mode#JOIN}
     *     and the request has no {@code traceparent}
     */
    public static Trace of(Mode mode, String traceparent, RandomGenerator random) {
        if (mode == Mode.PASS) {
            return null;
        }
        if (traceparent == null) {
            return mode == Mode.START ? start(random, false) : null;
        }
        Trace parsed = parse(traceparent.trim());
        return parsed != null ? parsed : start(random, true);
    }

    private static Trace start(RandomGenerator random, boolean replaced) {
        String traceId;
        do {
            traceId = HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
        } while (traceId.equals("0".repeat(32)));
        return new Trace(traceId, null, "00", replaced);
    }

    /**
     * Parses a {@code traceparent} (§3.2): {@code version-traceid-parentid-flags}. Version
     * {@code ff} is invalid; a higher version than {@code 00} is read by its first four fields
     * (§3.2.4), and re-sent as version {@code 00}.
     *
     * @return the trace, or null when the value is malformed
     */
    static Trace parse(String value) {
        if (value.length() < 55 || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return null;
        }
        String version = value.substring(0, 2);
        if (!lowerHex(version) || version.equals("ff") || (version.equals("00") && value.length() != 55)
                || (value.length() > 55 && value.charAt(55) != '-')) {
            return null;
        }
        String traceId = value.substring(3, 35);
        String spanId = value.substring(36, 52);
        String flags = value.substring(53, 55);
        if (!lowerHex(traceId) || !lowerHex(spanId) || !lowerHex(flags)
                || traceId.equals("0".repeat(32)) || spanId.equals("0".repeat(16))) {
            return null;
        }
        // Only the sampled flag is defined for version 00 (§3.2.2.5); pass the others as zero.
        String kept = (Integer.parseInt(flags, 16) & 1) == 1 ? "01" : "00";
        return new Trace(traceId, spanId, kept, false);
    }

    private static boolean lowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}

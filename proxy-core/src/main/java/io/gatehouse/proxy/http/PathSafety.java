package io.gatehouse.proxy.http;

/**
 * Decides whether a raw request path may be forwarded: a path is refused when any reading of
 * it that some server applies — percent-decoded once or several times, with {@code \} taken for
 * {@code /}, with {@code ;} parameters cut off each segment — contains a {@code .} or
 * {@code ..} segment, a control character or an overlong UTF-8 form.
 *
 * <p>Why: the proxy routes and rewrites on the raw path (RFC 3986 §5.2.4 dot segments are
 * already resolved by the adapter), but the upstream may decode further. If
 * {@code /api/%2e%2e/admin}, {@code /api/..%2fadmin}, {@code /api/%252e%252e/admin},
 * {@code /api/..;/admin} or {@code /api\..\admin} were forwarded, a route {@code /api} → upstream
 * {@code /v1} would let the upstream resolve them to {@code /admin}, outside the route's prefix.
 * Refusing every path that has a dot segment in <em>any</em> reading makes the forwarded path
 * stay below the rewritten prefix whatever the upstream does. Paths that merely contain
 * {@code %2F} or {@code %5C} without dot segments (e.g. {@code /projects/group%2Fname}) pass.
 *
 * <p>Also refused: a path not starting with {@code /}, starting with {@code //} (a
 * network-path reference to some parsers, RFC 3986 §4.2), or with malformed percent-encoding.
 */
public final class PathSafety {

    /** Most decoding rounds looked at: {@code %25252e} needs three; nobody decodes more. */
    private static final int MAX_DECODING_ROUNDS = 4;

    private PathSafety() {
    }

    /** Whether the raw path may be forwarded; see the class comment. */
    public static boolean isSafe(String rawPath) {
        return unsafeReason(rawPath) == null;
    }

    /**
     * Why the raw path may not be forwarded, in a few words for logs (never for clients), or
     * null when it may.
     */
    public static String unsafeReason(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return "not an absolute path";
        }
        if (rawPath.length() > 1 && (rawPath.charAt(1) == '/' || rawPath.charAt(1) == '\\')) {
            return "starts with two slashes";
        }
        boolean hasPercent = false;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return "control character or space";
            }
            if (c == '%') {
                hasPercent = true;
            }
        }
        String reading = rawPath;
        for (int round = 0; ; round++) {
            if (hasDotSegment(reading)) {
                return round == 0 ? "dot segment" : "encoded dot segment";
            }
            if (!hasPercent || round == MAX_DECODING_ROUNDS) {
                return null;
            }
            String decoded = decodeOnce(reading, round == 0);
            if (decoded == null) {
                return "malformed or unsafe percent-encoding";
            }
            if (decoded.equals(reading)) {
                return null;
            }
            reading = decoded;
            hasPercent = reading.indexOf('%') >= 0;
        }
    }

    /**
     * Whether a path has a {@code .} or {@code ..} segment when both {@code /} and {@code \}
     * separate segments and a segment's {@code ;} parameters are ignored (as Tomcat does with
     * {@code /..;/}).
     */
    private static boolean hasDotSegment(String path) {
        int start = 0;
        int length = path.length();
        for (int i = 0; i <= length; i++) {
            if (i == length || path.charAt(i) == '/' || path.charAt(i) == '\\') {
                int end = i;
                int semicolon = path.indexOf(';', start);
                if (semicolon >= 0 && semicolon < end) {
                    end = semicolon;
                }
                int segment = end - start;
                if ((segment == 1 || segment == 2) && path.charAt(start) == '.'
                        && (segment == 1 || path.charAt(start + 1) == '.')) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /**
     * Percent-decodes once, byte by byte into chars 0-255 (a reading some servers apply);
     * null if an escape decodes to a control character or to a byte that only starts an
     * overlong UTF-8 form ({@code %C0%AE} read as {@code .} by old decoders), or — when
     * {@code strict}, for the path as sent — if an escape is malformed. In later readings a
     * {@code %} that starts no escape is a literal percent sign ({@code 100%25} reads {@code 100%}).
     */
    private static String decodeOnce(String path, boolean strict) {
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int high = i + 2 < path.length() ? hex(path.charAt(i + 1)) : -1;
            int low = i + 2 < path.length() ? hex(path.charAt(i + 2)) : -1;
            if (high < 0 || low < 0) {
                if (strict) {
                    return null;
                }
                out.append(c);
                continue;
            }
            int b = high << 4 | low;
            if (b < 0x20 || b == 0x7f || b == 0xc0 || b == 0xc1) {
                return null;
            }
            if ((b == 0xe0 || b == 0xf0) && i + 5 < path.length() && path.charAt(i + 3) == '%') {
                int next = hex(path.charAt(i + 4)) << 4 | hex(path.charAt(i + 5));
                if (b == 0xe0 ? next >= 0x80 && next <= 0x9f : next >= 0x80 && next <= 0x8f) {
                    return null;
                }
            }
            out.append((char) b);
            i += 2;
        }
        return out.toString();
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}

package io.gatehouse.proxy.http;

/**
 * Checks for header field values the proxy builds or passes on, so that no value can split a
 * message: RFC 9110 §5.5 forbids CR, LF and NUL in field values, and other control characters
 * are invalid there too (only HTAB is allowed).
 */
public final class HeaderValues {

    private HeaderValues() {
    }

    /**
     * Whether a value can be written as a field value: no control characters other than HTAB
     * (so no CR, LF or NUL) and no DEL. Characters from 0x80 up (obs-text) are allowed.
     */
    public static boolean isSafe(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the value if {@link #isSafe safe}.
     *
     * @throws IllegalArgumentException naming the header, when the value holds CR, LF or another
     *     control character
     */
    public static String requireSafe(String name, String value) {
        if (!isSafe(value)) {
            throw new IllegalArgumentException("header " + name + ": value contains a control character such as CR or LF"
                    + " (expected: visible characters, spaces and tabs only)");
        }
        return value;
    }

    /**
     * A {@code Content-Length} value as a number (RFC 9110 §8.6), or -1 when there is none or it
     * is not a number.
     */
    public static long contentLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a string is an RFC 9110 §5.6.2 token, as header names and auth schemes are. */
    public static boolean isToken(CharSequence value) {
        if (value.length() == 0) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isTchar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a character is a tchar, one of a token's (RFC 9110 §5.6.2). */
    public static boolean isTchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /**
     * A quoted-string (RFC 9110 §5.6.4) for a value already known to be {@link #isSafe safe}:
     * {@code "} and {@code \} are escaped with a backslash.
     */
    public static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}

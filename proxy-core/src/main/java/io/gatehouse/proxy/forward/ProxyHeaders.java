package io.gatehouse.proxy.forward;

import io.gatehouse.proxy.http.HeaderValues;
import java.util.List;

/**
 * Values of the headers the proxy adds to the proxy-to-server request: RFC 7239
 * {@code Forwarded}, the de-facto {@code X-Forwarded-*} family, and RFC 9110 §7.6.3 {@code Via}.
 */
public final class ProxyHeaders {

    /** {@code X-Forwarded-For}: appended to. */
    public static final String X_FORWARDED_FOR = "X-Forwarded-For";
    /** {@code X-Forwarded-Proto}: replaced. */
    public static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    /** {@code X-Forwarded-Host}: replaced. */
    public static final String X_FORWARDED_HOST = "X-Forwarded-Host";
    /** {@code X-Forwarded-Port}: replaced. */
    public static final String X_FORWARDED_PORT = "X-Forwarded-Port";
    /** {@code X-Forwarded-Prefix}: replaced. */
    public static final String X_FORWARDED_PREFIX = "X-Forwarded-Prefix";

    private ProxyHeaders() {
    }

    /**
     * Whether a client header is replaced by the proxy's own value rather than forwarded
     * (lower-case name). {@code X-Forwarded-For}, {@code Forwarded} and {@code Via} are appended
     * to instead, so they are not in this set.
     */
    public static boolean isReplacedByProxy(String lowerCaseName) {
        return switch (lowerCaseName) {
            case "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix" -> true;
            default -> false;
        };
    }

    /**
     * One RFC 7239 §4 forwarded-element for this hop, e.g.
     * {@code for="[2001:db8::1]";host=example.com;proto=https}.
     *
     * @param clientAddress the client's IP literal
     * @param host the {@code Host} the client sent, or null
     * @param proto {@code http} or {@code https}
     */
    public static String forwardedElement(String clientAddress, String host, String proto) {
        boolean hasHost = host != null && !host.isEmpty();
        if (clientAddress.indexOf(':') < 0 && HeaderValues.isToken(clientAddress)) {
            // The usual cases (an IPv4 client, a host name with or without a port): nothing to
            // escape, one string of the exact size.
            if (!hasHost) {
                return "for=" + clientAddress + ";proto=" + proto;
            }
            if (HeaderValues.isToken(host)) {
                return "for=" + clientAddress + ";host=" + host + ";proto=" + proto;
            }
            if (quotesAsItIs(host)) {
                return "for=" + clientAddress + ";host=\"" + host + "\";proto=" + proto;
            }
        }
        StringBuilder element = new StringBuilder(64);
        element.append("for=");
        appendNodeOrValue(element, clientAddress.indexOf(':') >= 0 && !clientAddress.startsWith("[")
                ? "[" + clientAddress + "]" : clientAddress);
        if (host != null && !host.isEmpty()) {
            element.append(";host=");
            appendNodeOrValue(element, host);
        }
        element.append(";proto=").append(proto);
        return element.toString();
    }

    /** Appends {@code element} to the existing {@code Forwarded} values (RFC 7239 §4: a comma-separated list). */
    public static String appendForwarded(List<String> existing, String element) {
        return append(existing, element);
    }

    /** Appends the client address to the existing {@code X-Forwarded-For} values. */
    public static String appendXForwardedFor(List<String> existing, String clientAddress) {
        return append(existing, clientAddress);
    }

    /** Appends this proxy to the existing {@code Via} values, e.g. {@code 1.1 gatehouse}. */
    public static String appendVia(List<String> existing, String protocol, String pseudonym) {
        String version = protocol.startsWith("HTTP/") ? protocol.substring(5) : protocol;
        if (version.equals("2.0") || version.equals("3.0")) {
            version = version.substring(0, 1); // HTTP/2 and HTTP/3 have a major version only (RFC 9113 §3, RFC 9114 §3.1)
        }
        return append(existing, version + " " + pseudonym);
    }

    private static String append(List<String> existing, String value) {
        if (existing.isEmpty()) {
            return value;
        }
        StringBuilder joined = new StringBuilder();
        for (String previous : existing) {
            if (previous != null && !previous.isBlank()) {
                joined.append(previous.trim()).append(", ");
            }
        }
        return joined.append(value).toString();
    }

    /** Whether {@link #appendNodeOrValue} would only put quotes around {@code value} (nothing escaped or dropped). */
    private static boolean quotesAsItIs(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** RFC 7239 §4: a value that is not a token is sent as a quoted-string. */
    private static void appendNodeOrValue(StringBuilder out, String value) {
        if (HeaderValues.isToken(value)) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            if (c >= 0x20 && c != 0x7f) {
                out.append(c);
            }
        }
        out.append('"');
    }

}

package io.gatehouse.proxy.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An RFC 9457 problem detail for an error the proxy itself answers with.
 *
 * <p>The detail is written for the client: it never names an upstream address, and never
 * carries an exception message or stack trace.
 *
 * @param status the HTTP status code
 * @param title a short summary that does not change from occurrence to occurrence
 * @param detail an explanation of this occurrence, or null
 */
public record Problem(int status, String title, String detail) {

    /** The media type of the body, RFC 9457 §3. */
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 400-599)");
        }
        Objects.requireNonNull(title, "title");
    }

    /** The JSON body: {@code type} is {@code about:blank}, so {@code title} is the status phrase's kind (RFC 9457 §4.2.1). */
    public String toJson() {
        StringBuilder json = new StringBuilder(96);
        json.append("{\"type\":\"about:blank\",\"title\":");
        appendString(json, title);
        json.append(",\"status\":").append(status);
        if (detail != null) {
            json.append(",\"detail\":");
            appendString(json, detail);
        }
        return json.append('}').toString();
    }

    /** The JSON body as UTF-8 bytes. */
    public byte[] toJsonBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendString(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}

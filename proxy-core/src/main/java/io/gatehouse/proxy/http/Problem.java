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

    /**
     * A problem whose title is the status's reason phrase (RFC 9110 §15; 429 from RFC 6585 §4,
     * 431 from RFC 6585 §5), e.g. {@code of(403, "...")} has the title {@code Forbidden}.
     *
     * @param detail an explanation for the client, or null; never an upstream address
     */
    public static Problem of(int status, String detail) {
        String title = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 451 -> "Unavailable For Legal Reasons";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> status < 500 ? "Client Error" : "Server Error";
        };
        return new Problem(status, title, detail);
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

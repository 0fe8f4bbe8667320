package io.gatehouse.proxy.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What the proxy knows about gRPC (PROTOCOL-HTTP2 of grpc/grpc): which requests are gRPC calls,
 * and how one of the proxy's own errors is told to a gRPC client, which reads the call's status
 * from {@code grpc-status} and {@code grpc-message}, not from the HTTP status or a body.
 */
public final class Grpc {

    /** {@code DEADLINE_EXCEEDED}: the proxy gave up waiting for the upstream. */
    public static final int DEADLINE_EXCEEDED = 4;
    /** {@code UNAVAILABLE}: no upstream could take the call (the status clients may retry). */
    public static final int UNAVAILABLE = 14;

    private Grpc() {
    }

    /** Whether {@code contentType} is {@code application/grpc} or one of its {@code +proto}/{@code +json} forms. */
    public static boolean isGrpc(String contentType) {
        if (contentType == null || contentType.length() < 16) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/grpc")) {
            return false;
        }
        if (type.length() == 16) {
            return true;
        }
        char next = type.charAt(16);
        return next == '+' || next == ';' || next == ' ';
    }

    /**
     * The gRPC status code for one of the proxy's own HTTP statuses, as gRPC maps HTTP statuses
     * (doc/http-grpc-status-mapping.md of grpc/grpc), with the proxy's timeouts (504, 408) as
     * {@link #DEADLINE_EXCEEDED}: 502, 503 and 429 are {@link #UNAVAILABLE}, 401
     * {@code UNAUTHENTICATED} (16), 403 {@code PERMISSION_DENIED} (7), 404 {@code UNIMPLEMENTED}
     * (12), 413 and 431 {@code RESOURCE_EXHAUSTED} (8), other 4xx {@code INTERNAL} (13), anything
     * else {@code UNKNOWN} (2).
     */
    public static int statusFor(int httpStatus) {
        return switch (httpStatus) {
            case 504, 408 -> DEADLINE_EXCEEDED;
            case 502, 503, 429 -> UNAVAILABLE;
            case 401 -> 16;
            case 403 -> 7;
            case 404 -> 12;
            case 413, 431 -> 8;
            default -> httpStatus >= 400 && httpStatus < 500 ? 13 : 2;
        };
    }

    /**
     * A {@code grpc-message} value: UTF-8, with bytes outside printable ASCII and {@code %}
     * percent-encoded (PROTOCOL-HTTP2, "Status-Message").
     */
    public static String message(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}

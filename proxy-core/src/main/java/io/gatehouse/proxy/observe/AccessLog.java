package io.gatehouse.proxy.observe;

import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per request at INFO on the SLF4J logger {@value #LOGGER} (route it to
 * its own file in the logging backend's configuration), as text or as JSON. The path is logged
 * without its query, which may hold secrets. Register with
 * {@code ProxyConfig.builder().observer(AccessLog.text())}.
 *
 * <p>Text, combined-like (client, request line, status, bytes out first), then key=value fields:
 * <pre>
 * 203.0.113.7 - "GET /users/7" 200 1024 in=0 id=4bf92f35 route=users upstream=users/u1 time=2.314ms upstream_time=1.980ms cache=MISS
 * </pre>
 * JSON, one object per line:
 * <pre>
 * {"id":"4bf92f35","client":"203.0.113.7","method":"GET","path":"/users/7","route":"users","group":"users","upstream":"u1","status":200,"bytes_in":0,"bytes_out":1024,"time_ms":2.314,"upstream_time_ms":1.98,"cache":"MISS","source":"UPSTREAM"}
 * </pre>
 */
public final class AccessLog implements ProxyObserver {

    /** The logger's name. */
    public static final String LOGGER = "io.gatehouse.access";

    /** The line's format. */
    public enum Format {
        /** Combined-like text. */
        TEXT,
        /** One JSON object per line. */
        JSON
    }

    private final Logger log;
    private final Format format;

    private AccessLog(Format format, Logger log) {
        this.format = Objects.requireNonNull(format, "format");
        this.log = log;
    }

    /** The text access log on {@value #LOGGER}. */
    public static AccessLog text() {
        return of(Format.TEXT);
    }

    /** The JSON access log on {@value #LOGGER}. */
    public static AccessLog json() {
        return of(Format.JSON);
    }

    /** The access log in {@code format} on {@value #LOGGER}. */
    public static AccessLog of(Format format) {
        return new AccessLog(format, LoggerFactory.getLogger(LOGGER));
    }

    /** The line's format. */
    public Format format() {
        return format;
    }

    @Override
    public void responseCompleted(ResponseCompleted event) {
        if (log.isInfoEnabled()) {
            log.info(format == Format.JSON ? json(event) : text(event));
        }
    }

    /** The text line of an event. */
    static String text(ResponseCompleted e) {
        StringBuilder line = new StringBuilder(160);
        line.append(dash(e.client())).append(" - \"").append(e.method()).append(' ').append(e.path()).append("\" ")
                .append(e.status()).append(' ').append(e.bytesOut())
                .append(" in=").append(e.bytesIn())
                .append(" id=").append(dash(e.requestId()))
                .append(" route=").append(dash(e.routeId()))
                .append(" upstream=").append(e.upstreamId() == null ? "-" : e.groupId() + "/" + e.upstreamId())
                .append(" time=").append(millis(e.totalNanos())).append("ms")
                .append(" upstream_time=").append(millis(e.upstreamNanos())).append("ms")
                .append(" cache=").append(e.cacheStatus() == null ? "-" : e.cacheStatus().name());
        return line.toString();
    }

    /** The JSON line of an event. */
    static String json(ResponseCompleted e) {
        StringBuilder line = new StringBuilder(256).append('{');
        field(line, "id", e.requestId()).append(',');
        field(line, "client", e.client()).append(',');
        field(line, "method", e.method()).append(',');
        field(line, "path", e.path()).append(',');
        field(line, "route", e.routeId()).append(',');
        field(line, "group", e.groupId()).append(',');
        field(line, "upstream", e.upstreamId()).append(',');
        line.append("\"status\":").append(e.status())
                .append(",\"bytes_in\":").append(e.bytesIn())
                .append(",\"bytes_out\":").append(e.bytesOut())
                .append(",\"time_ms\":").append(millis(e.totalNanos()))
                .append(",\"upstream_time_ms\":").append(millis(e.upstreamNanos())).append(',');
        field(line, "cache", e.cacheStatus() == null ? null : e.cacheStatus().name()).append(',');
        field(line, "source", e.source().name());
        return line.append('}').toString();
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }

    /** Milliseconds with three decimals (microseconds), without {@code String.format}'s cost on every request. */
    private static String millis(long nanos) {
        long micros = Math.max(0, nanos) / 1_000;
        long fraction = micros % 1_000;
        return (micros / 1_000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    /** {@code "name":"value"} with the value escaped as a JSON string (RFC 8259 §7), or {@code null}. */
    private static StringBuilder field(StringBuilder out, String name, String value) {
        out.append('"').append(name).append("\":");
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    @Override
    public String toString() {
        return "AccessLog[" + format + "]";
    }
}

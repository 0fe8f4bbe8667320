package io.gatehouse.proxy.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The status line and header fields of a response, without its body. Immutable: every
 * {@code with...} method returns a new head.
 *
 * <p>The adapter builds one from the server-to-proxy response ({@link #of(int, List)}) and
 * writes the ones the cache hands back to the client exactly as they are, in order.
 */
public final class ResponseHead {

    private final int status;
    private final List<Header> headers;

    private ResponseHead(int status, List<Header> headers) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100..999)");
        }
        this.status = status;
        this.headers = headers;
    }

    /** A head with this status and these header lines, kept in order. */
    public static ResponseHead of(int status, List<Header> headers) {
        return new ResponseHead(status, List.copyOf(headers));
    }

    /** A head over these lines, which the caller hands over and never changes (no copy). */
    static ResponseHead owning(int status, Header[] headers) {
        return new ResponseHead(status, java.util.Collections.unmodifiableList(java.util.Arrays.asList(headers)));
    }

    /** A head from alternating names and values, e.g. {@code of(200, "Cache-Control", "max-age=60")}. */
    public static ResponseHead of(int status, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("namesAndValues: " + namesAndValues.length
                    + " strings (expected: name, value pairs)");
        }
        List<Header> headers = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(new Header(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new ResponseHead(status, List.copyOf(headers));
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** Every header line, in order. */
    public List<Header> headers() {
        return headers;
    }

    /** The first value of a header (name case-insensitive), or null. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.is(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** Every value of a header (name case-insensitive), in order; empty when absent. */
    public List<String> headers(String name) {
        List<String> values = null;
        for (Header h : headers) {
            if (h.is(name)) {
                if (values == null) {
                    values = new ArrayList<>(2);
                }
                values.add(h.value());
            }
        }
        return values == null ? List.of() : values;
    }

    /** Whether the header is present at all. */
    public boolean has(String name) {
        return header(name) != null;
    }

    /** This head with another status. */
    public ResponseHead withStatus(int status) {
        return new ResponseHead(status, headers);
    }

    /** This head without any line of the given names (case-insensitive). */
    public ResponseHead without(Collection<String> names) {
        List<Header> kept = new ArrayList<>(headers.size());
        for (Header h : headers) {
            if (!contains(names, h.name())) {
                kept.add(h);
            }
        }
        return kept.size() == headers.size() ? this : new ResponseHead(status, List.copyOf(kept));
    }

    /** This head with every line named {@code name} replaced by one line with {@code value}, appended. */
    public ResponseHead with(String name, String value) {
        List<Header> out = new ArrayList<>(headers.size() + 1);
        for (Header h : headers) {
            if (!h.is(name)) {
                out.add(h);
            }
        }
        out.add(new Header(name, value));
        return new ResponseHead(status, List.copyOf(out));
    }

    /** This head with one more line, after the others. */
    public ResponseHead plus(String name, String value) {
        List<Header> out = new ArrayList<>(headers.size() + 1);
        out.addAll(headers);
        out.add(new Header(name, value));
        return new ResponseHead(status, List.copyOf(out));
    }

    private static boolean contains(Collection<String> names, String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseHead other && other.status == status && other.headers.equals(headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers);
    }

    @Override
    public String toString() {
        return status + " " + headers;
    }
}

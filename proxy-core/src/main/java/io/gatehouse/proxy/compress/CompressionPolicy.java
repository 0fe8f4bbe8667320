package io.gatehouse.proxy.compress;

import io.gatehouse.proxy.http.Grpc;
import io.gatehouse.proxy.http.RequestView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * When the proxy compresses responses: which codings it offers, for which media types, from
 * which size. Immutable; {@link #decide} is a pure function.
 *
 * <p>{@link #gzip()} offers gzip for {@link #DEFAULT_TYPES} from {@value #DEFAULT_MIN_SIZE}
 * bytes. gzip is the only coding produced: {@link Builder#build()} refuses {@code br} and
 * {@code zstd} (ADR 0008), which are known only to read {@code Accept-Encoding} and
 * {@code Content-Encoding}.
 */
public final class CompressionPolicy {

    /** Default smallest body worth compressing, in bytes. */
    public static final int DEFAULT_MIN_SIZE = 256;

    /**
     * Default compressible media types; {@code text/*} and any {@code +json} / {@code +xml}
     * suffix are compressible too.
     */
    public static final Set<String> DEFAULT_TYPES = Set.of(
            "application/json", "application/javascript", "application/x-javascript", "application/xml",
            "application/xhtml+xml", "application/rss+xml", "application/atom+xml", "application/ld+json",
            "application/manifest+json", "application/wasm", "application/graphql-response+json",
            "image/svg+xml", "image/x-icon", "font/ttf", "font/otf", "application/vnd.ms-fontobject");

    private static final CompressionPolicy GZIP = builder().build();

    private final List<ContentCoding> codings;
    private final Set<String> types;
    private final boolean textAndSuffixes;
    private final int minSize;

    private CompressionPolicy(Builder b) {
        this.codings = List.copyOf(b.codings);
        this.types = Set.copyOf(b.types);
        this.textAndSuffixes = b.textAndSuffixes;
        this.minSize = b.minSize;
    }

    /** gzip for the default types from {@value #DEFAULT_MIN_SIZE} bytes. */
    public static CompressionPolicy gzip() {
        return GZIP;
    }

    /** A builder starting from the {@link #gzip()} defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The codings offered, in order of preference. */
    public List<ContentCoding> codings() {
        return codings;
    }

    /** The smallest body (bytes) that is compressed. */
    public int minSize() {
        return minSize;
    }

    /**
     * Whether a media type (parameters ignored, case-insensitive) is compressible; never
     * {@code application/grpc} (gRPC compresses its messages itself, framed inside the body),
     * even when listed.
     */
    public boolean compressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        if (types.contains(type)) {
            return !Grpc.isGrpc(type);
        }
        return textAndSuffixes && (type.startsWith("text/") || type.endsWith("+json") || type.endsWith("+xml"));
    }

    /**
     * Decides for one response with the codings of this policy; see {@link #decide(RequestView,
     * int, Function, long, List)}.
     */
    public CompressionDecision decide(RequestView request, int status, Function<String, List<String>> responseHeaders,
                                      long contentLength) {
        return decide(request, status, responseHeaders, contentLength, codings);
    }

    /**
     * Decides whether to compress a response for this client.
     *
     * @param request the client-to-proxy request (its {@code Accept-Encoding})
     * @param status the response status
     * @param responseHeaders every value of a response header by name (case-insensitive), empty when absent
     * @param contentLength the body length, or -1 when not known (streamed)
     * @param available the codings the caller can produce, in order of preference (those of
     *     this policy not among them are skipped)
     */
    public CompressionDecision decide(RequestView request, int status, Function<String, List<String>> responseHeaders,
                                      long contentLength, List<ContentCoding> available) {
        if (status < 200 || status == 204 || status == 206 || status == 304) {
            return new CompressionDecision(null, false, "status " + status + " has no body to compress");
        }
        if (!responseHeaders.apply("Content-Range").isEmpty()) {
            return new CompressionDecision(null, false, "has Content-Range");
        }
        List<String> encoding = responseHeaders.apply("Content-Encoding");
        for (String e : encoding) {
            if (!e.isBlank() && !e.trim().equalsIgnoreCase("identity")) {
                return new CompressionDecision(null, false, "already encoded: " + e.trim());
            }
        }
        for (String cc : responseHeaders.apply("Cache-Control")) {
            if (cc.toLowerCase(Locale.ROOT).contains("no-transform")) {
                return new CompressionDecision(null, false, "Cache-Control: no-transform (RFC 9110 §7.7)");
            }
        }
        List<String> type = responseHeaders.apply("Content-Type");
        if (type.isEmpty() || !compressible(type.get(0))) {
            return new CompressionDecision(null, false, "type not compressible: " + (type.isEmpty() ? "none" : type.get(0)));
        }
        if (contentLength >= 0 && contentLength < minSize) {
            return new CompressionDecision(null, false, "smaller than " + minSize + " bytes: " + contentLength);
        }
        ContentCoding chosen = coding(request, available);
        if (chosen == null) {
            return new CompressionDecision(null, true, "client accepts none of the offered codings");
        }
        return new CompressionDecision(chosen, true, chosen.token());
    }

    /**
     * The coding the client's {@code Accept-Encoding} prefers among this policy's codings that
     * are also in {@code available}, or null; only the request is looked at (the cache uses it
     * for a stored response already found compressible).
     */
    public ContentCoding coding(RequestView request, List<ContentCoding> available) {
        List<String> acceptEncoding = request.headers("Accept-Encoding");
        if (acceptEncoding.isEmpty()) {
            return null;
        }
        if (available.containsAll(codings)) {
            return AcceptEncoding.choose(acceptEncoding, codings);
        }
        List<ContentCoding> offered = new ArrayList<>(codings.size());
        for (ContentCoding c : codings) {
            if (available.contains(c)) {
                offered.add(c);
            }
        }
        return AcceptEncoding.choose(acceptEncoding, offered);
    }

    @Override
    public String toString() {
        return "compression" + codings + " from " + minSize + " B";
    }

    /** Builds a {@link CompressionPolicy}; each setter checks its argument at once. */
    public static final class Builder {

        private List<ContentCoding> codings = List.of(ContentCoding.GZIP);
        private final Set<String> types = new LinkedHashSet<>(DEFAULT_TYPES);
        private boolean textAndSuffixes = true;
        private int minSize = DEFAULT_MIN_SIZE;

        private Builder() {
        }

        /**
         * The codings to offer, in order of preference (default gzip only). Only
         * {@link ContentCoding#GZIP} is produced today: {@link #build()} refuses the others.
         */
        public Builder codings(ContentCoding... codings) {
            if (codings.length == 0) {
                throw new IllegalArgumentException("codings: none (expected: at least one, e.g. GZIP)");
            }
            List<ContentCoding> list = new ArrayList<>();
            for (ContentCoding c : codings) {
                Objects.requireNonNull(c, "coding");
                if (list.contains(c)) {
                    throw new IllegalArgumentException("codings: " + c.token() + " given twice (expected: each once)");
                }
                list.add(c);
            }
            this.codings = List.copyOf(list);
            return this;
        }

        /** The smallest body to compress, in bytes (default {@value #DEFAULT_MIN_SIZE}). */
        public Builder minSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("minSize: " + bytes + " (expected: 0 or more bytes)");
            }
            this.minSize = bytes;
            return this;
        }

        /**
         * Replaces the compressible media types (e.g. {@code application/json}); with
         * {@code textAndSuffixes}, {@code text/*} and {@code +json} / {@code +xml} types are
         * compressible too.
         */
        public Builder types(boolean textAndSuffixes, String... mediaTypes) {
            types.clear();
            for (String t : mediaTypes) {
                Objects.requireNonNull(t, "media type");
                if (t.indexOf('/') <= 0 || t.indexOf(';') >= 0) {
                    throw new IllegalArgumentException("types: '" + t + "' (expected: type/subtype without parameters)");
                }
                types.add(t.trim().toLowerCase(Locale.ROOT));
            }
            this.textAndSuffixes = textAndSuffixes;
            return this;
        }

        /**
         * The policy; the builder can be changed and built again.
         *
         * @throws IllegalArgumentException when a coding other than gzip is asked for: the proxy
         *     produces gzip only (ADR 0008); like every stage's builder, this one cannot throw the
         *     configuration's {@code ProxyConfigException} (ADR "acyclic core packages")
         */
        public CompressionPolicy build() {
            List<String> unproduced = new ArrayList<>();
            for (ContentCoding c : codings) {
                if (c != ContentCoding.GZIP) {
                    unproduced.add(c.token());
                }
            }
            if (!unproduced.isEmpty()) {
                throw new IllegalArgumentException("compression codings: " + String.join(", ", unproduced)
                        + " cannot be produced; only gzip is (remove " + String.join(" and ", unproduced)
                        + " from CompressionPolicy.builder().codings(...), e.g. codings(ContentCoding.GZIP))");
            }
            return new CompressionPolicy(this);
        }
    }
}

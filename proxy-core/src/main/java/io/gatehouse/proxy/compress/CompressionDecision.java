package io.gatehouse.proxy.compress;

import java.util.List;

/**
 * Whether to compress one response on its way to the client, and how its headers change.
 *
 * <p>When {@link #coding()} is not null the adapter (or the cache) sets
 * {@code Content-Encoding: coding.token()}, removes {@code Content-Length} (or sets the
 * encoded length), replaces {@code ETag} by {@link #etag(String)} and {@code Vary} by
 * {@link #vary(List)}. When it is null but {@link #varies()} is true, only {@code Vary}
 * changes: the response could have been compressed for another client.
 *
 * @param coding the coding to apply, or null to send the response as it is
 * @param varies whether the choice depended on {@code Accept-Encoding}, so {@code Vary} must say so
 * @param reason why, for logs and tests, e.g. {@code "gzip"} or {@code "already encoded: br"}
 */
public record CompressionDecision(ContentCoding coding, boolean varies, String reason) {

    /** Whether the response is to be compressed. */
    public boolean compress() {
        return coding != null;
    }

    /**
     * The {@code ETag} to send, or null when there is none: a strong tag becomes weak
     * ({@code "x"} → {@code W/"x"}) when the response is compressed, since the bytes differ
     * but the representation is equivalent (RFC 9110 §8.8.1); otherwise unchanged.
     */
    public String etag(String etag) {
        if (etag == null || coding == null) {
            return etag;
        }
        String t = etag.trim();
        return t.startsWith("W/") ? t : "W/" + t;
    }

    /**
     * The {@code Vary} value to send given the response's own {@code Vary} lines: those plus
     * {@code Accept-Encoding} when {@link #varies()} and not already listed (or {@code *}); null
     * when the response had none and none is needed.
     */
    public String vary(List<String> varyLines) {
        String joined = varyLines.isEmpty() ? null : String.join(", ", varyLines);
        if (!varies) {
            return joined;
        }
        if (joined == null || joined.isBlank()) {
            return "Accept-Encoding";
        }
        for (String line : varyLines) {
            for (String member : line.split(",")) {
                String m = member.trim();
                if (m.equals("*") || m.equalsIgnoreCase("Accept-Encoding")) {
                    return joined;
                }
            }
        }
        return joined + ", Accept-Encoding";
    }
}

package io.gatehouse.proxy.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * A content coding of a response (RFC 9110 §8.4.1), by its token. The proxy produces gzip only;
 * {@code br} and {@code zstd} are known so that {@code Accept-Encoding} and
 * {@code Content-Encoding} are read right, and {@link CompressionPolicy.Builder#build()} refuses
 * them (ADR 0008).
 */
public enum ContentCoding {

    /** {@code gzip} (RFC 9110 §8.4.1.3); the core encodes it with {@code java.util.zip}. */
    GZIP("gzip"),
    /** {@code br} (RFC 7932); recognised, not produced. */
    BROTLI("br"),
    /** {@code zstd} (RFC 8878); recognised, not produced. */
    ZSTD("zstd");

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The token as sent in {@code Content-Encoding} and {@code Accept-Encoding}. */
    public String token() {
        return token;
    }

    /** The coding of a token (case-insensitive; {@code x-gzip} is {@code gzip}, RFC 9110 §8.4.1.3), or null. */
    public static ContentCoding of(String token) {
        String t = token.trim();
        if (t.equalsIgnoreCase("gzip") || t.equalsIgnoreCase("x-gzip")) {
            return GZIP;
        }
        if (t.equalsIgnoreCase("br")) {
            return BROTLI;
        }
        if (t.equalsIgnoreCase("zstd")) {
            return ZSTD;
        }
        return null;
    }

    /** Whether the core can encode a whole body with this coding ({@link #encode}); only gzip. */
    public boolean encodableInCore() {
        return this == GZIP;
    }

    /**
     * Encodes a whole body (gzip only; see {@link #encodableInCore()}).
     *
     * @throws UnsupportedOperationException for the codings that are not produced
     */
    public byte[] encode(byte[] body) {
        if (this != GZIP) {
            throw new UnsupportedOperationException("coding " + token + " is not produced; only gzip is");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 3));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen with an in-memory stream
        }
        return out.toByteArray();
    }
}

package io.gatehouse.proxy.cache;

import java.util.List;

/**
 * One stored response (RFC 9111 §3): its head and body as stored, the request and response
 * times needed for its age (§4.2.3), its parsed directives and freshness lifetime, and the
 * secondary key it was stored under (§4.1). Immutable.
 */
final class StoredResponse {

    private static final int OVERHEAD = 256;

    final String key;
    final ResponseHead head;
    final byte[] body;
    /** The body gzip-encoded once at store time, or null when it is not to be compressed. */
    final byte[] gzipBody;
    final long requestTime;
    final long responseTime;
    final long dateValue;
    final CacheControl cc;
    final long lifetime;
    final long correctedInitialAge;
    final String etag;
    final long lastModified;
    final List<String> varyFields;
    final String[] varyValues;
    final int weight;
    /**
     * The lines a hit sends before {@code Age} and {@code Cache-Status}: the stored ones but
     * {@code Age} and the fields targeted at this proxy alone, and {@code Content-Length}.
     */
    final Header[] hitHeaders;
    /** A read-only view of {@link #body}; each hit hands out a duplicate. */
    final java.nio.ByteBuffer bodyView;

    StoredResponse(String key, ResponseHead head, byte[] body, byte[] gzipBody, long requestTime, long responseTime,
                   CachePolicy policy, List<String> varyFields, String[] varyValues) {
        this.key = key;
        this.head = head;
        this.body = body;
        this.gzipBody = gzipBody;
        this.requestTime = requestTime;
        this.responseTime = responseTime;
        long date = HttpDates.parse(head.header("Date"));
        this.dateValue = date == HttpDates.INVALID ? responseTime : date;
        this.cc = CacheControl.forResponse(head, policy);
        this.lifetime = Freshness.lifetime(head, cc, dateValue, policy);
        this.correctedInitialAge = Freshness.correctedInitialAge(Freshness.ageValue(head), dateValue, requestTime,
                responseTime);
        this.etag = head.header("ETag");
        this.lastModified = HttpDates.parse(head.header("Last-Modified"));
        this.varyFields = varyFields;
        this.varyValues = varyValues;
        this.weight = weigh(key, head, body, gzipBody);
        List<Header> lines = new java.util.ArrayList<>(head.headers().size() + 1);
        for (Header h : head.headers()) {
            // RFC 9213 §2.2: fields targeted at this proxy alone are kept for its decisions, not sent on
            if (!h.is("Age") && !h.is("Content-Length") && !named(policy.ownTargetedFields(), h)) {
                lines.add(h);
            }
        }
        lines.add(new Header("Content-Length", Integer.toString(body.length)));
        this.hitHeaders = lines.toArray(new Header[0]);
        this.bodyView = java.nio.ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    private static boolean named(List<String> names, Header h) {
        for (String name : names) {
            if (h.is(name)) {
                return true;
            }
        }
        return false;
    }

    /** For a compressible response: the hit lines for clients that get identity (with {@code Vary}), else null. */
    Header[] varyHeaders;
    /** For a compressible response with a gzip body: the hit lines for clients that get gzip, else null. */
    Header[] gzipHeaders;
    /** The {@code ETag} gzip clients see (weakened), or null. */
    String gzipEtag;
    /** A read-only view of {@link #gzipBody}, or null. */
    java.nio.ByteBuffer gzipView;

    /**
     * Prepares the hit lines of a response the compression policy would compress (called once,
     * before the response is published to other threads through the store).
     */
    void prepareCompression(io.gatehouse.proxy.compress.CompressionDecision decision) {
        String vary = decision.vary(head.headers("Vary"));
        List<Header> identity = new java.util.ArrayList<>(hitHeaders.length + 1);
        for (Header h : hitHeaders) {
            if (!h.is("Vary")) {
                identity.add(h);
            }
        }
        identity.add(new Header("Vary", vary));
        this.varyHeaders = identity.toArray(new Header[0]);
        if (gzipBody != null && decision.coding() != null) {
            this.gzipEtag = decision.etag(etag);
            List<Header> gzip = new java.util.ArrayList<>(hitHeaders.length + 3);
            for (Header h : hitHeaders) {
                if (!h.is("Vary") && !h.is("ETag") && !h.is("Content-Length")) {
                    gzip.add(h);
                }
            }
            gzip.add(new Header("Content-Encoding", decision.coding().token()));
            if (gzipEtag != null) {
                gzip.add(new Header("ETag", gzipEtag));
            }
            gzip.add(new Header("Vary", vary));
            gzip.add(new Header("Content-Length", Integer.toString(gzipBody.length)));
            this.gzipHeaders = gzip.toArray(new Header[0]);
            this.gzipView = java.nio.ByteBuffer.wrap(gzipBody).asReadOnlyBuffer();
        }
    }

    /** §4.2.3 current_age at {@code now}, in milliseconds. */
    long currentAge(long now) {
        return Freshness.currentAge(correctedInitialAge, responseTime, now);
    }

    /** Whether the response can be validated (§4.3.1): it has an {@code ETag} or a {@code Last-Modified}. */
    boolean hasValidator() {
        return etag != null || lastModified != HttpDates.INVALID;
    }

    /** The secondary key in readable form, e.g. {@code accept-encoding=gzip}. */
    String variant() {
        return SecondaryKey.describe(varyFields, varyValues);
    }

    /** Whether this response was stored under the same secondary key as {@code other}. */
    boolean sameVariant(StoredResponse other) {
        return varyFields.equals(other.varyFields) && java.util.Arrays.equals(varyValues, other.varyValues);
    }

    private static int weigh(String key, ResponseHead head, byte[] body, byte[] gzipBody) {
        long w = OVERHEAD + 2L * key.length() + body.length + (gzipBody == null ? 0 : gzipBody.length);
        for (Header h : head.headers()) {
            w += 2L * (h.name().length() + h.value().length()) + 32;
        }
        return (int) Math.min(Integer.MAX_VALUE, w);
    }

    @Override
    public String toString() {
        return key + (varyFields.isEmpty() ? "" : " [" + variant() + "]") + " " + head.status() + " " + body.length + " B";
    }
}

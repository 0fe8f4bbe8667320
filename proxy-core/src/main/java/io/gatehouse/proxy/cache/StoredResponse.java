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
    /** The lines a hit sends before {@code Age} and {@code Cache-Status}: the stored ones but {@code Age}, and {@code Content-Length}. */
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
        this.cc = CacheControl.parse(head.headers("Cache-Control"));
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
            if (!h.is("Age") && !h.is("Content-Length")) {
                lines.add(h);
            }
        }
        lines.add(new Header("Content-Length", Integer.toString(body.length)));
        this.hitHeaders = lines.toArray(new Header[0]);
        this.bodyView = java.nio.ByteBuffer.wrap(body).asReadOnlyBuffer();
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

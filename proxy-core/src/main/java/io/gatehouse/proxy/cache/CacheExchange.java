package io.gatehouse.proxy.cache;

import io.gatehouse.proxy.http.HopByHop;
import io.gatehouse.proxy.http.RequestView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The cache's side of one request that goes to the upstream: the header edits for the
 * proxy-to-server request, then what to do with the server-to-proxy response.
 *
 * <p>Use: apply {@link #upstreamHeadersToRemove()} and {@link #upstreamHeadersToAdd()} to the
 * forwarded request; call {@link #onResponse} with the response head, then, if the plan is
 * {@link ResponsePlan.Pass}, {@link #onContent} for each body chunk and {@link #onComplete} at
 * the end, or {@link #onFailure} when the exchange fails at any point. Exactly one of
 * {@code onComplete} / {@code onFailure} must be called (or {@code onResponse} returning a
 * {@link CacheDecision.Serve}), or requests waiting for this one wait until their timeout.
 * One request's calls come one after another (possibly on different threads, as the adapter's
 * callbacks are ordered); an exchange is not shared between requests.
 */
public final class CacheExchange {

    /** The client's validators, replaced by the cache's own when it revalidates (RFC 9111 §4.3.1). */
    private static final List<String> CLIENT_VALIDATORS = List.of("If-None-Match", "If-Modified-Since");

    private final HttpCache cache;
    private final RequestView request;
    private final String mountPrefix;
    private final CachePolicy policy;
    private final String key;
    private final CacheControl requestCc;
    private final StoredResponse stale;
    private final boolean conditional;
    private final String fwd;
    private final boolean collapsed;
    private final RequestCoalescer.Flight<String, Boolean> flight;
    private final boolean background;
    private final String requestRefusal;
    private final boolean unsafe;
    private final boolean reportStatus;
    private final long requestTime;

    private StoreDecision decision;
    private ResponseHead toStore;
    private List<String> varyFields;
    private String[] varyValues;
    private long responseTime;
    private byte[] buffer;
    private int size;
    private boolean collecting;
    private boolean finished;

    CacheExchange(HttpCache cache, RequestView request, String mountPrefix, CachePolicy policy, String key,
                  CacheControl requestCc, StoredResponse stale, boolean conditional, String fwd, boolean collapsed,
                  RequestCoalescer.Flight<String, Boolean> flight, boolean background, String requestRefusal,
                  boolean unsafe, boolean reportStatus, long requestTime) {
        this.cache = cache;
        this.request = request;
        this.mountPrefix = mountPrefix;
        this.policy = policy;
        this.key = key;
        this.requestCc = requestCc;
        this.stale = stale;
        this.conditional = conditional;
        this.fwd = fwd;
        this.collapsed = collapsed;
        this.flight = flight;
        this.background = background;
        this.requestRefusal = requestRefusal;
        this.unsafe = unsafe;
        this.reportStatus = reportStatus;
        this.requestTime = requestTime;
    }

    /** The primary cache key (the target URI), or null when the request bypasses the cache. */
    public String key() {
        return key;
    }

    /** Whether this is a background revalidation (RFC 5861 §3): no client waits for its response. */
    public boolean background() {
        return background;
    }

    /** Whether the cache validates a stored response with this request (RFC 9111 §4.3.1). */
    public boolean revalidating() {
        return conditional;
    }

    /** Whether this request leads a coalesced fetch that other requests wait for. */
    public boolean leader() {
        return flight != null && flight.leader();
    }

    /** The RFC 9211 {@code fwd} reason, e.g. {@code uri-miss}, {@code stale}; null when the cache is bypassed. */
    public String forwardReason() {
        return fwd;
    }

    /** Request headers to remove before forwarding: the client's validators when the cache revalidates. */
    public List<String> upstreamHeadersToRemove() {
        return conditional ? CLIENT_VALIDATORS : List.of();
    }

    /**
     * Request headers to add before forwarding: {@code If-None-Match} with the stored
     * {@code ETag} and {@code If-Modified-Since} with the stored {@code Last-Modified} when the
     * cache revalidates (RFC 9111 §4.3.1); empty otherwise.
     */
    public List<Header> upstreamHeadersToAdd() {
        if (!conditional) {
            return List.of();
        }
        List<Header> add = new ArrayList<>(2);
        if (stale.etag != null) {
            add.add(new Header("If-None-Match", stale.etag));
        }
        String lastModified = stale.head.header("Last-Modified");
        if (lastModified != null && stale.lastModified != HttpDates.INVALID) {
            add.add(new Header("If-Modified-Since", lastModified));
        }
        return add;
    }

    /**
     * The server-to-proxy response head has arrived: decide what the client gets.
     *
     * @param response the head as the adapter would send it to the client (after its own header
     *     rules and {@code Location} rewrite), without any {@code Cache-Status} of ours
     * @return {@link ResponsePlan.Pass} to stream the upstream's response (maybe storing it), or
     *     a {@link CacheDecision.Serve} to answer from the cache instead and discard the upstream's
     *     body (a validated entry after a 304, or stale-if-error after a 5xx)
     */
    public ResponsePlan onResponse(ResponseHead serverToProxyResponse) {
        responseTime = cache.now();
        // RFC 9213 §2.2: the directives come from the first targeted field of the policy's list
        // that is valid, else from Cache-Control; fields aimed at this proxy alone stop here.
        CacheControl cc = CacheControl.forResponse(serverToProxyResponse, policy);
        ResponseHead response = serverToProxyResponse.without(policy.ownTargetedFields());
        int status = response.status();
        if (unsafe && status >= 200 && status < 400) {
            // RFC 9111 §4.4: a non-error response to an unsafe method invalidates the target URI
            // and same-origin Location / Content-Location.
            cache.invalidateAfterUnsafe(request, mountPrefix, policy, response);
        }
        if (key == null) {
            finish(false);
            return new ResponsePlan.Pass(status(response, fwd, 0, false, Long.MIN_VALUE), StoreDecision.refused(requestRefusal));
        }
        if (status == 304 && conditional) {
            return validated(serverToProxyResponse);
        }
        if (stale != null && CacheStrategy.isError(status) && CacheStrategy.staleIfError(responseTime, requestCc, stale)) {
            finish(false);
            return cache.serve(CacheDecision.Kind.STALE_IF_ERROR, stale, request, responseTime,
                    ttl -> CacheStatus.forward(cache.name(), "stale", status, false, collapsed, ttl, null), null);
        }
        varyFields = SecondaryKey.fields(response.headers("Vary"), policy.keyRequestHeaders());
        String refusal = requestRefusal != null ? requestRefusal
                : Storability.refusal(request, requestCc, response, cc, policy, varyFields);
        long lifetime = 0;
        long ttl = Long.MIN_VALUE;
        if (refusal == null && request instanceof RequestSnapshot snapshot && !snapshot.covers(varyFields)) {
            refusal = "the response's Vary lists fields the background revalidation did not keep";
        }
        if (refusal == null) {
            toStore = storedHead(serverToProxyResponse, cc);
            long date = HttpDates.parse(toStore.header("Date"));
            lifetime = Freshness.lifetime(toStore, cc, date, policy);
            long age = Freshness.correctedInitialAge(Freshness.ageValue(toStore), date, requestTime, responseTime);
            ttl = Math.floorDiv(lifetime - age, 1000);
            boolean reusable = lifetime > age && !cc.noCacheUnqualified();
            boolean validator = toStore.has("ETag") || HttpDates.parse(toStore.header("Last-Modified")) != HttpDates.INVALID;
            long contentLength = contentLength(response);
            if (!reusable && !validator && cc.staleWhileRevalidate < 0 && cc.staleIfError < 0) {
                refusal = "response is stale on arrival or must always be revalidated (no-cache), and has no"
                        + " ETag or Last-Modified to revalidate it with (RFC 9111 §4.3.1)";
            } else if (contentLength > cache.maxObjectBytes()) {
                refusal = "Content-Length " + contentLength + " is above the cache's object size limit of "
                        + cache.maxObjectBytes() + " bytes";
            } else {
                varyValues = SecondaryKey.values(request, varyFields);
                collecting = true;
                buffer = new byte[(int) Math.min(Math.max(contentLength, 1024), cache.maxObjectBytes())];
                decision = StoreDecision.stored(lifetime, SecondaryKey.describe(varyFields, varyValues));
                return new ResponsePlan.Pass(status(response, fwd, 0, true, ttl), decision);
            }
        }
        // A full response that is not stored supersedes what was stored (RFC 9111 §4.3.3).
        if (stale != null && request.method().equals("GET") && !CacheStrategy.isError(status) && status != 206) {
            cache.store().remove(stale);
        }
        toStore = null;
        decision = StoreDecision.refused(refusal);
        finish(false);
        return new ResponsePlan.Pass(status(response, fwd, 0, false, Long.MIN_VALUE), decision);
    }

    /**
     * A chunk of the response body passed to the client; the cache copies it (the buffer's
     * position is not changed). Returns whether the cache still wants the rest: false once the
     * body is over the object size limit (the response then streams on without being stored).
     */
    public boolean onContent(ByteBuffer chunk) {
        if (!collecting) {
            return false;
        }
        int n = chunk.remaining();
        if ((long) size + n > cache.maxObjectBytes()) {
            collecting = false;
            buffer = null;
            decision = StoreDecision.refused("body is above the cache's object size limit of "
                    + cache.maxObjectBytes() + " bytes");
            finish(false);
            return false;
        }
        if (size + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(Math.max(buffer.length * 2L, size + n), cache.maxObjectBytes()));
        }
        chunk.duplicate().get(buffer, size, n);
        size += n;
        return true;
    }

    /** The whole response body has passed: store it if it was being collected. */
    public void onComplete() {
        if (collecting) {
            collecting = false;
            byte[] body = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
            buffer = null;
            cache.store().put(cache.newStoredResponse(key, toStore, body, null, requestTime, responseTime, policy,
                    varyFields, varyValues));
            finish(true);
        } else {
            finish(false);
        }
    }

    /**
     * The exchange with the upstream failed (no response, or the response broke off). Returns
     * a stale response to serve instead when {@code stale-if-error} allows it (RFC 5861 §4) and
     * nothing was sent to the client yet, else null (the adapter answers with its own error).
     */
    public CacheDecision.Serve onFailure() {
        collecting = false;
        buffer = null;
        finish(false);
        long now = cache.now();
        if (stale != null && decision == null && CacheStrategy.staleIfError(now, requestCc, stale)) {
            return cache.serve(CacheDecision.Kind.STALE_IF_ERROR, stale, request, now,
                    ttl -> CacheStatus.forward(cache.name(), "stale", 0, false, collapsed, ttl, null), null);
        }
        return null;
    }

    /** The store decision taken by {@link #onResponse}, or null before. */
    public StoreDecision storeDecision() {
        return decision;
    }

    /** RFC 9111 §4.3.3, §4.3.4: the origin answered our validation with 304. */
    private ResponsePlan validated(ResponseHead notModified) {
        if (!sameValidator(notModified)) {
            cache.store().remove(stale);
            finish(false);
            return cache.badValidation(request, status(notModified.withStatus(502), fwd, 304, false, Long.MIN_VALUE));
        }
        StoredResponse updated = cache.newStoredResponse(key, merged(stale.head, notModified), stale.body,
                stale.gzipBody, requestTime, responseTime, policy, stale.varyFields, stale.varyValues);
        cache.store().replace(stale, updated);
        finish(true);
        decision = StoreDecision.stored(updated.lifetime, updated.variant());
        return cache.serve(CacheDecision.Kind.REVALIDATED, updated, request, responseTime,
                ttl -> CacheStatus.forward(cache.name(), fwd, 304, false, collapsed, ttl, null), null);
    }

    /**
     * RFC 9111 §4.3.4: a 304 with a strong validator updates stored responses with the same
     * strong validator; with a weak one, the one it matches; with none, the response we asked
     * about (we sent only its validators).
     */
    private boolean sameValidator(ResponseHead notModified) {
        String etag = notModified.header("ETag");
        if (etag != null) {
            if (stale.etag == null) {
                return false;
            }
            return Conditionals.isWeak(etag) ? Conditionals.weakEquals(etag, stale.etag)
                    : Conditionals.strongEquals(etag, stale.etag);
        }
        String lastModified = notModified.header("Last-Modified");
        if (lastModified != null && stale.lastModified != HttpDates.INVALID) {
            return HttpDates.parse(lastModified) == stale.lastModified;
        }
        return true;
    }

    /**
     * RFC 9111 §3.2: the stored header fields updated from a 304: each field the 304 carries
     * replaces the stored lines of that name, except hop-by-hop fields and
     * {@code Content-Length}; fields the response's directives keep out of storage stay out.
     */
    private ResponseHead merged(ResponseHead stored, ResponseHead notModified) {
        CacheControl cc = CacheControl.forResponse(notModified, policy);
        ResponseHead update = storedHead(notModified, cc).without(List.of("Content-Length", "Content-Range"));
        List<String> replaced = new ArrayList<>();
        for (Header h : update.headers()) {
            replaced.add(h.name());
        }
        List<Header> out = new ArrayList<>(stored.headers().size() + update.headers().size());
        for (Header h : stored.headers()) {
            if (!containsIgnoreCase(replaced, h.name())) {
                out.add(h);
            }
        }
        out.addAll(update.headers());
        return ResponseHead.of(stored.status(), out);
    }

    /**
     * RFC 9111 §3.1: the head as stored: without hop-by-hop fields (and those named by
     * {@code Connection}), {@code Set-Cookie}, fields named by {@code private=} and
     * {@code no-cache=} (§5.2.2.7, §5.2.2.4) and {@code Content-Length} (set on each hit from the
     * body); with a {@code Date} when the upstream sent none (RFC 9110 §6.6.1).
     */
    private ResponseHead storedHead(ResponseHead response, CacheControl cc) {
        Set<String> connection = HopByHop.connectionTokens(response.headers("Connection"));
        List<Header> out = new ArrayList<>(response.headers().size() + 1);
        boolean date = false;
        for (Header h : response.headers()) {
            String name = h.name().toLowerCase(java.util.Locale.ROOT);
            if (HopByHop.isHopByHop(name, connection) || name.equals("set-cookie") || name.equals("set-cookie2")
                    || name.equals("content-length") || cc.privateFields.contains(name) || cc.noCacheFields.contains(name)) {
                continue;
            }
            date |= name.equals("date");
            out.add(h);
        }
        if (!date) {
            out.add(new Header("Date", HttpDates.format(responseTime)));
        }
        return ResponseHead.of(response.status(), out);
    }

    private ResponseHead status(ResponseHead response, String reason, int fwdStatus, boolean stored, long ttl) {
        if (!reportStatus) {
            return response;
        }
        return response.plus(CacheStatus.HEADER, CacheStatus.forward(cache.name(), reason, fwdStatus, stored, collapsed,
                ttl, null));
    }

    private void finish(boolean stored) {
        if (!finished) {
            finished = true;
            if (flight != null) {
                flight.complete(stored);
            }
        }
    }

    private static long contentLength(ResponseHead response) {
        String value = response.header("Content-Length");
        if (value == null) {
            return -1;
        }
        long n = CacheControl.deltaSeconds(value.trim());
        return n < 0 ? -1 : n;
    }

    private static boolean containsIgnoreCase(List<String> names, String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "CacheExchange[" + key + ", fwd=" + fwd + (conditional ? ", revalidating" : "")
                + (background ? ", background" : "") + (leader() ? ", leader" : "") + "]";
    }
}

package io.gatehouse.proxy.cache;

import io.gatehouse.proxy.compress.CompressionDecision;
import io.gatehouse.proxy.compress.CompressionPolicy;
import io.gatehouse.proxy.compress.ContentCoding;
import io.gatehouse.proxy.http.Problem;
import io.gatehouse.proxy.http.RequestView;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process RFC 9111 shared HTTP cache: the adapter's one entry point for caching.
 *
 * <p>For every request on a route (whatever its method and policy, so that unsafe requests
 * invalidate, RFC 9111 §4.4) the adapter calls {@link #lookup} and acts on the
 * {@link CacheDecision}:
 * <pre>{@code
 * switch (cache.lookup(clientToProxyRequest, mountPrefix, route.cache())) {
 *     case CacheDecision.Serve s   -> write(s.head(), s.body());       // and send s.refresh() if set
 *     case CacheDecision.Forward f -> forward(f.exchange());           // edits, then onResponse/onContent/onComplete
 *     case CacheDecision.Await a   -> a.next().thenAccept(this::act);  // coalesced: act on the next decision
 * }
 * }</pre>
 * Thread-safe and lock-free on lookups; the decisions themselves are pure functions of the
 * injected clock's time, the request and the stored response ({@link CacheStrategy},
 * {@link Storability}, {@link Freshness}).
 */
public final class HttpCache {

    /** Default bound on the bytes stored. */
    public static final long DEFAULT_MAXIMUM_SIZE = 64L * 1024 * 1024;
    /** Default largest body stored. */
    public static final long DEFAULT_MAXIMUM_OBJECT_SIZE = 1024L * 1024;
    /** Default {@code Cache-Status} name (RFC 9211 §2). */
    public static final String DEFAULT_NAME = "gatehouse";
    /** Default longest wait of a request behind another one fetching the same key. */
    public static final Duration DEFAULT_COALESCING_TIMEOUT = Duration.ofSeconds(5);

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final List<ContentCoding> CORE_CODINGS = List.of(ContentCoding.GZIP);
    private static final List<String> NOT_MODIFIED_FIELDS = List.of(
            "Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final Logger LOG = LoggerFactory.getLogger(HttpCache.class);

    private final String name;
    private final Clock clock;
    private final long maxObjectBytes;
    private final long coalescingMillis;
    private final CompressionPolicy compression;
    private final CacheStore store;
    private final RequestCoalescer<String, Boolean> coalescer = new RequestCoalescer<>();
    private final LongFunction<String> hitStatus;
    private final LongFunction<String> collapsedStatus;
    // the PURGE method (null: off)
    private final PurgeMethod purgeMethod;
    // told of every purge and unsafe-method invalidation (null: none)
    private final InvalidationListener invalidationListener;

    private HttpCache(Builder b) {
        this.name = b.name;
        this.clock = b.clock;
        this.maxObjectBytes = b.maxObjectBytes;
        this.coalescingMillis = b.coalescingTimeout.toMillis();
        this.compression = b.compression;
        this.store = new CacheStore(b.maxBytes, b.maxVariants);
        this.hitStatus = ttl -> CacheStatus.hit(name, ttl);
        this.collapsedStatus = ttl -> CacheStatus.forward(name, "uri-miss", 0, false, true, ttl, null);
        this.purgeMethod = b.purgeMethod;
        this.invalidationListener = b.invalidationListener;
    }

    /** A builder with the defaults: 64 MiB, 1 MiB objects, name {@value #DEFAULT_NAME}, system clock. */
    public static Builder builder() {
        return new Builder();
    }

    /** The name this cache gives itself in {@code Cache-Status}. */
    public String name() {
        return name;
    }

    /** The largest body this cache stores, in bytes. */
    public long maxObjectBytes() {
        return maxObjectBytes;
    }

    /**
     * Whether a request has to go through {@link #lookup}: its route stores responses, or its
     * method is unsafe, which invalidates what any route stored for the target URI (RFC 9111
     * §4.4) even when its own route caches nothing.
     */
    public static boolean consulted(String method, CachePolicy policy) {
        return policy.storesAnything() || !SAFE_METHODS.contains(method);
    }

    /**
     * Decides what to do with a client-to-proxy request.
     *
     * @param request the client-to-proxy request; must stay readable until the decision is
     *     acted on (for a {@link CacheDecision.Forward}, until the exchange's {@code onResponse}
     *     returned)
     * @param mountPrefix the raw path prefix the proxy is mounted at ({@code ""} at the root): part of the key
     * @param policy the route's cache policy
     */
    public CacheDecision lookup(RequestView request, String mountPrefix, CachePolicy policy) {
        return lookup(request, mountPrefix, policy, true, false);
    }

    private CacheDecision lookup(RequestView request, String mountPrefix, CachePolicy policy, boolean coalesce,
                                 boolean collapsed) {
        long now = clock.millis();
        String method = request.method();
        boolean get = method.equals("GET");
        if (!get && !method.equals("HEAD")) {
            // RFC 9111 §4.4: unsafe methods (and those of unknown safety) invalidate on success.
            boolean unsafe = !SAFE_METHODS.contains(method);
            return forward(request, mountPrefix, policy, null, CacheControl.EMPTY, null, false, "method", false, null,
                    "method " + method + " is not cached (RFC 9111 §3)", unsafe, policy.storesAnything(), now);
        }
        if (!policy.storesAnything()) {
            return forward(request, mountPrefix, policy, null, CacheControl.EMPTY, null, false, "bypass", false, null,
                    "the route's cache policy is never", false, false, now);
        }
        String key = policy.key(request, mountPrefix);
        CacheControl requestCc = CacheControl.parse(request.headers("Cache-Control"));
        if (Conditionals.forOriginOnly(request)) {
            // RFC 9111 §4.3.2: If-Match and If-Unmodified-Since are for the origin.
            return forward(request, mountPrefix, policy, key, requestCc, null, false, "request", collapsed, null,
                    "request has If-Match or If-Unmodified-Since, which only the origin evaluates (RFC 9111 §4.3.2)",
                    false, true, now);
        }
        Variants variants = store.get(key);
        StoredResponse stored = variants == null ? null : variants.select(request);
        String missReason = variants == null ? "uri-miss" : "vary-miss";
        String requestRefusal = requestCc.noStore ? "request has Cache-Control: no-store (RFC 9111 §5.2.1.5)" : null;
        if (stored != null) {
            CacheStrategy.Result r = CacheStrategy.decide(now, requestCc, stored);
            switch (r.action()) {
                case SERVE:
                    return serve(CacheDecision.Kind.HIT, stored, request, now, hitStatus(collapsed), null);
                case SERVE_STALE:
                    return serve(CacheDecision.Kind.STALE, stored, request, now, hitStatus(collapsed), null);
                case SERVE_STALE_AND_REFRESH:
                    CacheExchange refresh = null;
                    if (get && !requestCc.onlyIfCached) {
                        RequestCoalescer.Flight<String, Boolean> flight = coalescer.join(key);
                        if (flight.leader()) {
                            RequestSnapshot snapshot = snapshot(request, stored, policy);
                            refresh = new CacheExchange(this, snapshot, mountPrefix, policy, key, CacheControl.EMPTY,
                                    stored, stored.hasValidator(), "stale", false, flight, true, null, false, false, now);
                        }
                    }
                    return serve(CacheDecision.Kind.STALE, stored, request, now, hitStatus(collapsed), refresh);
                default:
                    if (requestCc.onlyIfCached) {
                        return onlyIfCached(r.fwd());
                    }
                    // A request with no-cache (§5.2.1.4) would validate again after waiting for
                    // another's validation: it goes at once.
                    return coalesced(request, mountPrefix, policy, key, requestCc, stored, stored.hasValidator(),
                            r.fwd(), requestRefusal, coalesce && get && !requestCc.noCache, collapsed, now);
            }
        }
        if (requestCc.onlyIfCached) {
            return onlyIfCached(missReason);
        }
        // Only requests whose response can fill the entry lead: not no-store, not a Range, not one
        // with the client's own validators (its 304 could not be stored for the others).
        boolean lead = coalesce && get && requestRefusal == null && request.header("Range") == null
                && !Conditionals.isConditional(request);
        return coalesced(request, mountPrefix, policy, key, requestCc, null, false, missReason, requestRefusal, lead,
                collapsed, now);
    }

    private CacheDecision coalesced(RequestView request, String mountPrefix, CachePolicy policy, String key,
                                    CacheControl requestCc, StoredResponse stale, boolean conditional, String fwd,
                                    String requestRefusal, boolean coalesce, boolean collapsed, long now) {
        RequestCoalescer.Flight<String, Boolean> flight = null;
        if (coalesce && coalescingMillis > 0) {
            flight = coalescer.join(key);
            if (!flight.leader()) {
                RequestCoalescer.Flight<String, Boolean> leader = flight;
                return new CacheDecision.Await(flight.result().copy()
                        .orTimeout(coalescingMillis, TimeUnit.MILLISECONDS)
                        .handle((stored, failure) -> {
                            if (failure instanceof java.util.concurrent.TimeoutException) {
                                leader.abandon(failure); // a leader that never reports back cannot hold the key
                            }
                            return lookup(request, mountPrefix, policy, false, true);
                        }));
            }
        }
        return new CacheDecision.Forward(new CacheExchange(this, request, mountPrefix, policy, key, requestCc, stale,
                conditional, fwd, collapsed, flight, false, requestRefusal, false, true, now));
    }

    private CacheDecision forward(RequestView request, String mountPrefix, CachePolicy policy, String key,
                                  CacheControl requestCc, StoredResponse stale, boolean conditional, String fwd,
                                  boolean collapsed, RequestCoalescer.Flight<String, Boolean> flight, String refusal,
                                  boolean unsafe, boolean reportStatus, long now) {
        return new CacheDecision.Forward(new CacheExchange(this, request, mountPrefix, policy, key, requestCc, stale,
                conditional, fwd, collapsed, flight, false, refusal, unsafe, reportStatus, now));
    }

    private LongFunction<String> hitStatus(boolean collapsed) {
        return collapsed ? collapsedStatus : hitStatus;
    }

    /**
     * Builds the answer from a stored response (RFC 9111 §4): {@code Age} (§4.2.3, §5.1), the
     * body's {@code Content-Length}, the client's content coding when the cache compresses, a
     * 304 when the client's own validators match (§4.3.2), a 206 or 416 for a GET's single
     * {@code Range} ({@link ByteRange}, RFC 9110 §14), and our {@code Cache-Status}.
     */
    CacheDecision.Serve serve(CacheDecision.Kind kind, StoredResponse stored, RequestView request, long now,
                              LongFunction<String> cacheStatus, CacheExchange refresh) {
        long age = stored.currentAge(now);
        long ttl = Math.floorDiv(stored.lifetime - age, 1000);
        Header[] base = stored.hitHeaders;
        ByteBuffer body = stored.bodyView;
        String etag = stored.etag;
        if (compression != null && stored.varyHeaders != null) {
            // the response side was decided once when storing; only the client's Accept-Encoding is left
            if (stored.gzipBody != null && compression.coding(request, CORE_CODINGS) == ContentCoding.GZIP) {
                base = stored.gzipHeaders;
                body = stored.gzipView;
                etag = stored.gzipEtag;
            } else {
                base = stored.varyHeaders;
            }
        }
        boolean notModified = stored.head.status() / 100 == 2 && Conditionals.isConditional(request)
                && Conditionals.notModified(request, etag, stored.lastModified, stored.dateValue);
        Header ageHeader = new Header("Age", Long.toString(Freshness.ageSeconds(age)));
        Header statusHeader = new Header(CacheStatus.HEADER, cacheStatus.apply(ttl));
        ByteRange range = notModified ? null
                : ByteRange.of(request, stored.head.status(), body.remaining(), etag, stored.lastModified, stored.dateValue);
        if (range == ByteRange.UNSATISFIABLE) {
            return unsatisfiableRange(kind, body.remaining(), ageHeader, statusHeader, refresh);
        }
        Header[] out;
        if (range != null) {
            // RFC 9110 §15.3.7: a 206 with the part's Content-Range and Content-Length, the other fields as stored
            List<Header> lines = new ArrayList<>(base.length + 3);
            for (Header h : base) {
                if (!h.is("Content-Length")) {
                    lines.add(h);
                }
            }
            lines.add(new Header("Content-Range", range.contentRange(body.remaining())));
            lines.add(new Header("Content-Length", Long.toString(range.length())));
            lines.add(ageHeader);
            lines.add(statusHeader);
            ByteBuffer part = body.duplicate();
            int start = part.position() + (int) range.first();
            part.limit(start + (int) range.length()).position(start);
            return new CacheDecision.Serve(kind, ResponseHead.owning(206, lines.toArray(new Header[0])), part.slice(),
                    refresh);
        }
        if (!notModified) {
            // the common hit: the lines prepared when storing, plus Age and Cache-Status
            out = Arrays.copyOf(base, base.length + 2);
            out[base.length] = ageHeader;
            out[base.length + 1] = statusHeader;
        } else {
            // RFC 9110 §15.4.5: a 304 carries the validator and caching fields, no representation metadata
            boolean hasEtag = etag != null;
            List<Header> lines = new ArrayList<>(base.length + 2);
            for (Header h : base) {
                if (contains(NOT_MODIFIED_FIELDS, h.name()) || h.is(CacheStatus.HEADER) || !hasEtag && h.is("Last-Modified")) {
                    lines.add(h);
                }
            }
            lines.add(ageHeader);
            lines.add(statusHeader);
            out = lines.toArray(new Header[0]);
        }
        ResponseHead sent = ResponseHead.owning(notModified ? 304 : stored.head.status(), out);
        boolean noBody = notModified || request.method().equals("HEAD");
        return new CacheDecision.Serve(kind, sent, noBody ? EMPTY : body.duplicate(), refresh);
    }

    /** RFC 9110 §15.5.17: 416 with {@code Content-Range: bytes *}{@code /length}, as a problem. */
    private static CacheDecision.Serve unsatisfiableRange(CacheDecision.Kind kind, long length, Header age,
                                                          Header cacheStatus, CacheExchange refresh) {
        Problem problem = new Problem(416, "Range Not Satisfiable",
                "The request's Range starts at or past the end of the " + length + "-byte representation.");
        byte[] json = problem.toJsonBytes();
        ResponseHead head = ResponseHead.of(416, List.of(new Header("Content-Type", Problem.MEDIA_TYPE),
                new Header("Content-Range", "bytes */" + length), new Header("Content-Length", Integer.toString(json.length)),
                age, cacheStatus));
        return new CacheDecision.Serve(kind, head, ByteBuffer.wrap(json).asReadOnlyBuffer(), refresh);
    }

    private CacheDecision.Serve onlyIfCached(String fwd) {
        Problem problem = new Problem(504, "Gateway Timeout",
                "The request has Cache-Control: only-if-cached and no stored response fits it.");
        return problemServe(CacheDecision.Kind.ONLY_IF_CACHED, problem,
                CacheStatus.forward(name, fwd, 0, false, false, Long.MIN_VALUE, "only-if-cached"));
    }

    CacheDecision.Serve badValidation(RequestView request, ResponseHead withStatus) {
        Problem problem = new Problem(502, "Bad Gateway",
                "The upstream answered a validation with a 304 for a different representation.");
        return problemServe(CacheDecision.Kind.BAD_VALIDATION, problem, withStatus.header(CacheStatus.HEADER));
    }

    private static CacheDecision.Serve problemServe(CacheDecision.Kind kind, Problem problem, String cacheStatus) {
        byte[] json = problem.toJsonBytes();
        ResponseHead head = ResponseHead.of(problem.status(), "Content-Type", Problem.MEDIA_TYPE,
                "Content-Length", Integer.toString(json.length), "Cache-Control", "no-store",
                CacheStatus.HEADER, cacheStatus);
        return new CacheDecision.Serve(kind, head, ByteBuffer.wrap(json).asReadOnlyBuffer(), null);
    }

    /**
     * A response to store; with a compression policy its body is gzip-encoded here, once
     * ({@code knownGzip}: an encoding of this very body already made, e.g. before a 304).
     */
    StoredResponse newStoredResponse(String key, ResponseHead head, byte[] body, byte[] knownGzip, long requestTime,
                                     long responseTime, CachePolicy policy, List<String> varyFields, String[] varyValues) {
        CompressionDecision d = null;
        byte[] gzip = null;
        if (compression != null) {
            // the response side of the decision, once: would a client that accepts gzip get it?
            d = compression.decide(ALL_GZIP, head.status(), head::headers, body.length, CORE_CODINGS);
            if (d.compress() && knownGzip != null) {
                gzip = knownGzip;
            } else if (d.compress() && body.length > 0) {
                byte[] encoded = ContentCoding.GZIP.encode(body);
                gzip = encoded.length < body.length ? encoded : null;
            }
        }
        StoredResponse stored = new StoredResponse(key, head, body, gzip, requestTime, responseTime, policy, varyFields,
                varyValues);
        if (d != null && d.varies()) {
            stored.prepareCompression(d);
        }
        return stored;
    }

    /**
     * RFC 9111 §4.4 for an adapter that does not send unsafe requests through {@link #lookup}:
     * when {@code response} to an unsafe method is not an error (2xx, 3xx), removes what is stored
     * for the target URI and for a same-origin {@code Location} / {@code Content-Location}.
     * Requests that went through {@code lookup} need not call this: their exchange does it.
     *
     * @return whether the response invalidated (the method is unsafe and the status not an error)
     */
    public boolean onUnsafeResponse(RequestView request, String mountPrefix, CachePolicy policy, ResponseHead response) {
        if (SAFE_METHODS.contains(request.method()) || response.status() < 200 || response.status() >= 400) {
            return false;
        }
        invalidateAfterUnsafe(request, mountPrefix, policy, response);
        return true;
    }

    /** RFC 9111 §4.4: invalidates the target URI and same-origin {@code Location} / {@code Content-Location}. */
    void invalidateAfterUnsafe(RequestView request, String mountPrefix, CachePolicy policy, ResponseHead response) {
        invalidate(policy.key(request, mountPrefix));
        for (String field : List.of("Location", "Content-Location")) {
            String value = response.header(field);
            if (value != null) {
                String key = sameOriginKey(request, mountPrefix, policy, value.trim());
                if (key != null) {
                    invalidate(key);
                }
            }
        }
    }

    /** Removes a primary key and tells the listener, whether or not anything was stored (another instance may have it). */
    private boolean invalidate(String key) {
        boolean removed = store.invalidate(key);
        tell(Invalidation.key(key));
        return removed;
    }

    private void tell(Invalidation invalidation) {
        if (invalidationListener != null) {
            try {
                invalidationListener.onInvalidation(invalidation);
            } catch (RuntimeException e) {
                // the local removal is done; a listener's failure must not fail the request
                LOG.warn("cache invalidation listener failed on {}", invalidation.scope(), e);
            }
        }
    }

    /** The key of a URI reference resolved against the request's target, or null when it is of another origin. */
    private static String sameOriginKey(RequestView request, String mountPrefix, CachePolicy policy, String reference) {
        try {
            String base = request.scheme() + "://" + hostForUri(request.host()) + ":" + request.port() + mountPrefix
                    + request.path() + (request.query() == null ? "" : "?" + request.query());
            URI target = URI.create(base).resolve(reference);
            String scheme = target.getScheme();
            String host = target.getHost();
            if (scheme == null || host == null) {
                return null;
            }
            int port = target.getPort() >= 0 ? target.getPort() : scheme.equalsIgnoreCase("https") ? 443 : 80;
            String requestHost = request.host().toLowerCase(Locale.ROOT);
            String targetHost = host.toLowerCase(Locale.ROOT);
            if (targetHost.startsWith("[") && targetHost.endsWith("]")) {
                targetHost = targetHost.substring(1, targetHost.length() - 1);
            }
            if (!scheme.equalsIgnoreCase(request.scheme()) || !targetHost.equals(requestHost) || port != request.port()) {
                return null;
            }
            String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
            return policy.key(scheme, request.host(), port, path, target.getRawQuery());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String hostForUri(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Who may purge with the {@code PURGE} method, or null when the proxy forwards {@code PURGE} like any other method. */
    public PurgeMethod purgeMethod() {
        return purgeMethod;
    }

    /** Removes every response stored for a request's target URI (for a {@code PURGE} method); whether there was any. */
    public boolean purge(RequestView request, String mountPrefix, CachePolicy policy) {
        return invalidate(policy.key(request, mountPrefix));
    }

    /**
     * Removes every response stored for an absolute URI such as {@code http://example.com/a?b=1}
     * (scheme and host case and a default port do not matter); whether there was any.
     *
     * @throws IllegalArgumentException when {@code uri} is not an absolute http(s) URI
     */
    public boolean purge(String uri) {
        URI u = URI.create(uri);
        if (u.getScheme() == null || u.getHost() == null) {
            throw new IllegalArgumentException("uri: '" + uri + "' (expected: an absolute URI such as http://example.com/path)");
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return invalidate(CachePolicy.rfc9111().key(u.getScheme(), u.getHost(), u.getPort(), path, u.getRawQuery()));
    }

    /**
     * Removes every response whose key starts with {@code uriPrefix}, compared as text, e.g.
     * {@code http://example.com/static/} (keys have a lower-case scheme and host and no
     * default port); how many keys were removed.
     */
    public int purgePrefix(String uriPrefix) {
        int removed = store.invalidatePrefix(Objects.requireNonNull(uriPrefix, "uriPrefix"));
        tell(Invalidation.prefix(uriPrefix));
        return removed;
    }

    /** Removes everything. */
    public void purgeAll() {
        store.invalidateAll();
        tell(Invalidation.all());
    }

    /**
     * Applies an invalidation made by another instance (heard through its
     * {@link InvalidationListener}) without telling this cache's listener, so it is not
     * published again; or drops everything when this instance may have missed some.
     * Thread-safe.
     *
     * @return how many primary keys were removed (for {@code ALL}, those stored just before)
     */
    public long apply(Invalidation invalidation) {
        return switch (invalidation.scope()) {
            case KEY -> store.invalidate(invalidation.key()) ? 1 : 0;
            case PREFIX -> store.invalidatePrefix(invalidation.key());
            case ALL -> {
                long before = store.size();
                store.invalidateAll();
                yield before;
            }
        };
    }

    /** The number of target URIs with stored responses. */
    public long size() {
        return store.size();
    }

    /** About the bytes stored (bodies and headers). */
    public long weightedSize() {
        return store.weightedSize();
    }

    CacheStore store() {
        return store;
    }

    long now() {
        return clock.millis();
    }

    /** A copy of what a background revalidation needs: the stored response's secondary key fields and the guards. */
    private static RequestSnapshot snapshot(RequestView request, StoredResponse stored, CachePolicy policy) {
        Set<String> names = new LinkedHashSet<>(stored.varyFields);
        names.addAll(policy.unkeyedRequestHeaders());
        names.add("authorization");
        names.add("accept-encoding");
        return new RequestSnapshot(request, names);
    }

    private static boolean contains(Iterable<String> names, String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** A request that accepts gzip, to ask the compression policy whether a stored body is worth compressing. */
    private static final RequestView ALL_GZIP = new GzipProbe();

    /** Builds an {@link HttpCache}; each setter checks its argument at once. */
    public static final class Builder {

        private long maxBytes = DEFAULT_MAXIMUM_SIZE;
        private long maxObjectBytes = DEFAULT_MAXIMUM_OBJECT_SIZE;
        private String name = DEFAULT_NAME;
        private Clock clock = Clock.systemUTC();
        private Duration coalescingTimeout = DEFAULT_COALESCING_TIMEOUT;
        private int maxVariants = 8;
        private CompressionPolicy compression;
        private PurgeMethod purgeMethod;
        private InvalidationListener invalidationListener;

        private Builder() {
        }

        /** The bound on the bytes stored, bodies and headers (default 64 MiB). */
        public Builder maximumSize(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maximumSize: " + bytes + " (expected: a positive number of bytes, e.g. 67108864)");
            }
            this.maxBytes = bytes;
            return this;
        }

        /** The largest body stored (default 1 MiB); larger responses stream through unstored. */
        public Builder maximumObjectSize(long bytes) {
            if (bytes <= 0 || bytes > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("maximumObjectSize: " + bytes
                        + " (expected: 1 to " + (Integer.MAX_VALUE - 16) + " bytes)");
            }
            this.maxObjectBytes = bytes;
            return this;
        }

        /** The name in {@code Cache-Status} (default {@value #DEFAULT_NAME}): an sf-token (RFC 9211 §2, RFC 8941 §3.3.4). */
        public Builder name(String name) {
            if (!CacheStatus.validName(name)) {
                throw new IllegalArgumentException("name: '" + name
                        + "' (expected: a letter or * then letters, digits or !#$%&'*+-.^_`|~:/, e.g. gatehouse)");
            }
            this.name = name;
            return this;
        }

        /** The clock all ages and freshness are computed with (default the system clock, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long a request waits behind another one fetching the same key before it goes to
         * the upstream itself (default 5 s); zero turns request coalescing off.
         */
        public Builder coalescingTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "coalescingTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("coalescingTimeout: " + timeout + " (expected: zero or a positive duration)");
            }
            this.coalescingTimeout = timeout;
            return this;
        }

        /** How many responses with different {@code Vary} values are kept per URI (default 8). */
        public Builder maximumVariants(int variants) {
            if (variants < 1 || variants > 64) {
                throw new IllegalArgumentException("maximumVariants: " + variants + " (expected: 1 to 64)");
            }
            this.maxVariants = variants;
            return this;
        }

        /**
         * Compresses stored responses for the clients that accept it: each compressible body is
         * gzip-encoded once when stored and served to every client that accepts gzip (default
         * none: hits are served as stored).
         */
        public Builder compression(CompressionPolicy compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        /**
         * Answers {@code PURGE} requests from the clients {@code purge} allows by removing the
         * responses stored for their target URI (default: off, a {@code PURGE} is forwarded like
         * any other method, and a successful one invalidates as an unsafe method does, RFC 9111 §4.4).
         */
        public Builder purgeMethod(PurgeMethod purge) {
            this.purgeMethod = Objects.requireNonNull(purge, "purgeMethod");
            return this;
        }

        /**
         * Tells {@code listener} of every purge and unsafe-method invalidation once it is done
         * here (default: no one), e.g. to publish it to the other instances of a cluster.
         */
        public Builder invalidationListener(InvalidationListener listener) {
            this.invalidationListener = Objects.requireNonNull(listener, "invalidationListener");
            return this;
        }

        /**
         * The cache.
         *
         * @throws IllegalArgumentException when the object size limit is above the total size
         */
        public HttpCache build() {
            if (maxObjectBytes > maxBytes) {
                throw new IllegalArgumentException("maximumObjectSize: " + maxObjectBytes + " is above maximumSize "
                        + maxBytes + " (expected: at most the total size; lower it or raise maximumSize)");
            }
            return new HttpCache(this);
        }
    }

    /** The request behind {@link #ALL_GZIP}. */
    private static final class GzipProbe implements RequestView {
        @Override public String method() { return "GET"; }
        @Override public String scheme() { return "http"; }
        @Override public String host() { return "localhost"; }
        @Override public int port() { return 80; }
        @Override public String path() { return "/"; }
        @Override public String query() { return null; }
        @Override public String header(String name) { return name.equalsIgnoreCase("Accept-Encoding") ? "gzip" : null; }
        @Override public List<String> headers(String name) {
            return name.equalsIgnoreCase("Accept-Encoding") ? List.of("gzip") : List.of();
        }
        @Override public String remoteAddress() { return "127.0.0.1"; }
    }
}

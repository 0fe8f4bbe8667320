package io.gatehouse.proxy.cache;

import io.gatehouse.proxy.http.HeaderValues;
import io.gatehouse.proxy.http.RequestView;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a route may store in the proxy's shared cache, and under which key. Immutable.
 *
 * <p>{@link #never()} (the default of every route) stores nothing. {@link #rfc9111()} follows
 * RFC 9111 for a shared cache with the defaults below; {@link #builder()} starts from the same
 * defaults and changes them:
 * <ul>
 *   <li>heuristic freshness (§4.2.2) on: 10 % of the time since {@code Last-Modified}, at most
 *       one day, for responses without explicit freshness whose status is heuristically
 *       cacheable or that are marked {@code public};</li>
 *   <li>responses with {@code Set-Cookie} (or the obsolete {@code Set-Cookie2}) are not stored;
 *       every other header field of a stored response is returned with each hit, except
 *       hop-by-hop fields and those named by {@code private=} / {@code no-cache=};</li>
 *   <li>the key is the target URI (scheme, host, port, path, query), whatever the method
 *       (§2); no query parameter is dropped and no request header is added to it;</li>
 *   <li>a request carrying one of {@link #DEFAULT_UNKEYED_REQUEST_HEADERS} (headers that are
 *       not in the key but that an origin may reflect into the response, the classic cache
 *       poisoning vector) may be answered from the cache, but its response is never stored,
 *       unless the header is in the key or the response's {@code Vary}.</li>
 *   <li>the target list of targeted cache-control fields (RFC 9213) is
 *       {@code CDN-Cache-Control}: when a response carries it with a valid value, its
 *       directives decide, and the response's {@code Cache-Control} and {@code Expires} are
 *       ignored by this cache (they still reach the client unchanged).</li>
 * </ul>
 */
public final class CachePolicy {

    /** Default share of a response's {@code Last-Modified} age taken as its heuristic freshness (RFC 9111 §4.2.2). */
    public static final double DEFAULT_HEURISTIC_FRACTION = 0.1;
    /** Default cap on heuristic freshness. */
    public static final Duration DEFAULT_HEURISTIC_MAX = Duration.ofDays(1);
    /**
     * Request headers that keep a response out of the store when the request carries them and
     * they are neither in the key nor in the response's {@code Vary} (lower case).
     */
    public static final Set<String> DEFAULT_UNKEYED_REQUEST_HEADERS = Set.of(
            "x-forwarded-host", "x-forwarded-scheme", "x-forwarded-server", "x-host", "x-original-host",
            "x-original-url", "x-rewrite-url", "x-http-method-override", "x-http-method", "x-method-override");
    /** The targeted cache-control field of RFC 9213 §3, aimed at every CDN (shared cache) on the way. */
    public static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";

    private static final CachePolicy NEVER = new CachePolicy(false, builder());
    private static final CachePolicy RFC9111 = new CachePolicy(true, builder());

    private final boolean storesAnything;
    private final boolean heuristicFreshness;
    private final double heuristicFraction;
    private final long heuristicMaxMillis;
    private final boolean storeSetCookie;
    private final Set<String> ignoredQueryParameters;
    private final List<String> ignoredQueryPrefixes;
    private final Set<String> keyRequestHeaders;
    private final Set<String> unkeyedRequestHeaders;
    private final List<String> targetedFields;
    private final List<String> ownTargetedFields;

    private CachePolicy(boolean storesAnything, Builder b) {
        this.storesAnything = storesAnything;
        this.heuristicFreshness = b.heuristicFreshness;
        this.heuristicFraction = b.heuristicFraction;
        this.heuristicMaxMillis = b.heuristicMax.toMillis();
        this.storeSetCookie = b.storeSetCookie;
        Set<String> exact = new LinkedHashSet<>();
        List<String> prefixes = new java.util.ArrayList<>();
        for (String name : b.ignoredQueryParameters) {
            if (name.endsWith("*")) {
                prefixes.add(name.substring(0, name.length() - 1));
            } else {
                exact.add(name);
            }
        }
        this.ignoredQueryParameters = Set.copyOf(exact);
        this.ignoredQueryPrefixes = List.copyOf(prefixes);
        this.keyRequestHeaders = Set.copyOf(b.keyRequestHeaders);
        this.unkeyedRequestHeaders = Set.copyOf(b.unkeyedRequestHeaders);
        this.targetedFields = List.copyOf(b.targetedFields);
        List<String> own = new java.util.ArrayList<>();
        for (String field : b.targetedFields) {
            if (!field.equalsIgnoreCase(CDN_CACHE_CONTROL)) {
                own.add(field);
            }
        }
        this.ownTargetedFields = List.copyOf(own);
    }

    /** Nothing is stored; every request goes to an upstream. The default of every route. */
    public static CachePolicy never() {
        return NEVER;
    }

    /** RFC 9111 shared caching with the defaults listed in the class comment. */
    public static CachePolicy rfc9111() {
        return RFC9111;
    }

    /** A builder starting from the {@link #rfc9111()} defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether responses may be stored at all. */
    public boolean storesAnything() {
        return storesAnything;
    }

    /** Whether heuristic freshness (RFC 9111 §4.2.2) is used. */
    public boolean heuristicFreshness() {
        return heuristicFreshness;
    }

    /** The share of the {@code Last-Modified} age taken as heuristic freshness. */
    public double heuristicFraction() {
        return heuristicFraction;
    }

    /** The longest heuristic freshness lifetime. */
    public Duration heuristicMax() {
        return Duration.ofMillis(heuristicMaxMillis);
    }

    /**
     * Whether responses carrying {@code Set-Cookie} or {@code Set-Cookie2} are stored (always
     * without those lines).
     */
    public boolean storesSetCookieResponses() {
        return storeSetCookie;
    }

    /** Query parameters dropped from the key; a trailing {@code *} matches a prefix. */
    public Set<String> ignoredQueryParameters() {
        Set<String> all = new LinkedHashSet<>(ignoredQueryParameters);
        for (String prefix : ignoredQueryPrefixes) {
            all.add(prefix + "*");
        }
        return Set.copyOf(all);
    }

    /** Request headers (lower case) whose values are part of every entry's key, as if each response listed them in {@code Vary}. */
    public Set<String> keyRequestHeaders() {
        return keyRequestHeaders;
    }

    /** Request headers (lower case) that keep a response out of the store; see the class comment. */
    public Set<String> unkeyedRequestHeaders() {
        return unkeyedRequestHeaders;
    }

    /**
     * The target list of RFC 9213 §2.2, first to last: the first of these fields a response
     * carries with a valid, non-empty value decides how this cache stores and reuses it, and
     * its {@code Cache-Control} and {@code Expires} are then ignored (default
     * {@code CDN-Cache-Control}).
     */
    public List<String> targetedFields() {
        return targetedFields;
    }

    /**
     * The fields of the target list that name this proxy alone (all but {@code CDN-Cache-Control},
     * which is meant for every CDN on the way and so passes on): they are removed from the
     * responses the client gets, whether passed on or served from the store.
     */
    List<String> ownTargetedFields() {
        return ownTargetedFields;
    }

    long heuristicMaxMillis() {
        return heuristicMaxMillis;
    }

    /**
     * The primary cache key of a request (RFC 9111 §2): its target URI, whatever the method.
     * Only the scheme, host, port, mount prefix, path and query go in, so no other request
     * header can change it.
     */
    String key(RequestView request, String mountPrefix) {
        return key(request.scheme(), request.host(), request.port(), mountPrefix + request.path(), request.query());
    }

    /** The primary key of a target URI given by parts: {@code scheme://host[:port]path[?query]}. */
    String key(String scheme, String host, int port, String rawPath, String rawQuery) {
        String s = scheme.toLowerCase(Locale.ROOT);
        StringBuilder key = new StringBuilder(s.length() + host.length() + rawPath.length()
                + (rawQuery == null ? 0 : rawQuery.length()) + 10);
        key.append(s).append("://").append(host.toLowerCase(Locale.ROOT));
        boolean defaultPort = port <= 0 || (port == 80 && s.equals("http")) || (port == 443 && s.equals("https"));
        if (!defaultPort) {
            key.append(':').append(port);
        }
        key.append(rawPath.isEmpty() ? "/" : rawPath);
        if (rawQuery != null) {
            appendQuery(key, rawQuery);
        }
        return key.toString();
    }

    private void appendQuery(StringBuilder key, String rawQuery) {
        if (ignoredQueryParameters.isEmpty() && ignoredQueryPrefixes.isEmpty()) {
            key.append('?').append(rawQuery);
            return;
        }
        boolean first = true;
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            String pair = rawQuery.substring(start, end);
            int eq = pair.indexOf('=');
            String name = decodeName(eq < 0 ? pair : pair.substring(0, eq));
            if (!pair.isEmpty() && !ignored(name)) {
                key.append(first ? '?' : '&').append(pair);
                first = false;
            }
            start = end + 1;
        }
    }

    /** A query parameter's decoded name; a malformed escape ({@code %zz}) leaves the raw name, never fails. */
    private static String decodeName(String raw) {
        try {
            return java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }

    private boolean ignored(String name) {
        if (ignoredQueryParameters.contains(name)) {
            return true;
        }
        for (String prefix : ignoredQueryPrefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        if (!storesAnything) {
            return "never";
        }
        return "rfc9111[heuristic=" + (heuristicFreshness ? heuristicFraction + " max " + heuristicMax() : "off")
                + ", setCookie=" + storeSetCookie
                + (ignoredQueryParameters().isEmpty() ? "" : ", ignoredQuery=" + ignoredQueryParameters())
                + (keyRequestHeaders.isEmpty() ? "" : ", keyHeaders=" + keyRequestHeaders)
                + ", targeted=" + targetedFields + "]";
    }

    /**
     * Builds an RFC 9111 {@link CachePolicy}. Each setter checks its argument at once and
     * throws {@link IllegalArgumentException} naming the option, the value and what is expected.
     */
    public static final class Builder {

        private boolean heuristicFreshness = true;
        private double heuristicFraction = DEFAULT_HEURISTIC_FRACTION;
        private Duration heuristicMax = DEFAULT_HEURISTIC_MAX;
        private boolean storeSetCookie;
        private final Set<String> ignoredQueryParameters = new LinkedHashSet<>();
        private final Set<String> keyRequestHeaders = new LinkedHashSet<>();
        private final Set<String> unkeyedRequestHeaders = new LinkedHashSet<>(DEFAULT_UNKEYED_REQUEST_HEADERS);
        private List<String> targetedFields = List.of(CDN_CACHE_CONTROL);

        private Builder() {
        }

        /**
         * The targeted cache-control fields this cache obeys (RFC 9213 §2.2), in order of
         * precedence (default {@code CDN-Cache-Control}); e.g.
         * {@code targetedFields("Gatehouse-Cache-Control", "CDN-Cache-Control")} lets an origin
         * speak to this proxy alone and to CDNs in general. The first field a response carries
         * with a valid value (an RFC 8941 Dictionary of cache directives) replaces its
         * {@code Cache-Control} and {@code Expires} for this cache's decisions; an invalid one is
         * ignored as if absent. Fields other than {@code CDN-Cache-Control} are for this proxy
         * only and are removed before the response reaches the client; {@code CDN-Cache-Control}
         * passes on for the CDNs further down. No names: only {@code Cache-Control} counts.
         */
        public Builder targetedFields(String... names) {
            Set<String> seen = new LinkedHashSet<>();
            List<String> fields = new java.util.ArrayList<>();
            for (String name : names) {
                String lower = headerName("targetedFields", name);
                if (lower.equals("cache-control")) {
                    throw new IllegalArgumentException("targetedFields: 'Cache-Control' (expected: a targeted field"
                            + " such as CDN-Cache-Control or Gatehouse-Cache-Control; Cache-Control is always the fallback)");
                }
                if (seen.add(lower)) {
                    fields.add(name);
                }
            }
            this.targetedFields = List.copyOf(fields);
            return this;
        }

        /**
         * Heuristic freshness (RFC 9111 §4.2.2): {@code fraction} of the time between
         * {@code Last-Modified} and {@code Date}, at most {@code max}.
         */
        public Builder heuristicFreshness(double fraction, Duration max) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("heuristicFraction: " + fraction
                        + " (expected: more than 0 and at most 1, e.g. 0.1; use noHeuristicFreshness() to turn it off)");
            }
            Objects.requireNonNull(max, "max");
            if (max.isNegative() || max.isZero()) {
                throw new IllegalArgumentException("heuristicMax: " + max + " (expected: a positive duration)");
            }
            this.heuristicFreshness = true;
            this.heuristicFraction = fraction;
            this.heuristicMax = max;
            return this;
        }

        /** Turns heuristic freshness off: only responses with explicit freshness are served without revalidation. */
        public Builder noHeuristicFreshness() {
            this.heuristicFreshness = false;
            return this;
        }

        /**
         * Stores responses that carry {@code Set-Cookie} or {@code Set-Cookie2} (default false).
         * They are stored and served to others without those lines; only the client whose request
         * fetched the response receives the cookie.
         */
        public Builder storeResponsesWithSetCookie(boolean store) {
            this.storeSetCookie = store;
            return this;
        }

        /**
         * Drops these query parameters from the key (e.g. {@code utm_*}, {@code fbclid}); a
         * trailing {@code *} matches every name with that prefix. Names are compared decoded
         * and case-sensitively; the request still goes upstream with its query unchanged.
         */
        public Builder ignoreQueryParameters(String... names) {
            for (String name : names) {
                Objects.requireNonNull(name, "query parameter name");
                if (name.isEmpty() || name.equals("*")) {
                    throw new IllegalArgumentException("ignoreQueryParameters: '" + name
                            + "' (expected: a parameter name or a prefix followed by *, e.g. utm_*)");
                }
                ignoredQueryParameters.add(name);
            }
            return this;
        }

        /**
         * Adds request headers to every entry's key, e.g. {@code X-Forwarded-Host} behind a
         * CDN that serves several sites through one host name.
         */
        public Builder keyRequestHeaders(String... names) {
            for (String name : names) {
                keyRequestHeaders.add(headerName("keyRequestHeaders", name));
            }
            return this;
        }

        /**
         * Replaces the set of request headers that keep a response out of the store (default
         * {@link #DEFAULT_UNKEYED_REQUEST_HEADERS}); call with no names to store regardless.
         */
        public Builder unkeyedRequestHeaders(String... names) {
            unkeyedRequestHeaders.clear();
            for (String name : names) {
                unkeyedRequestHeaders.add(headerName("unkeyedRequestHeaders", name));
            }
            return this;
        }

        /** The policy; the builder can be changed and built again. */
        public CachePolicy build() {
            return new CachePolicy(true, this);
        }

        private static String headerName(String option, String name) {
            Objects.requireNonNull(name, option);
            if (!HeaderValues.isToken(name)) {
                throw new IllegalArgumentException(option + ": '" + name + "' (expected: a header name token, e.g. X-Forwarded-Host)");
            }
            return name.toLowerCase(Locale.ROOT);
        }
    }
}

package io.gatehouse.proxy.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The parsed {@code Cache-Control} directives of a request or a response (RFC 9111 §5.2).
 *
 * <p>Directive names are case-insensitive. When a directive appears more than once, the first
 * occurrence counts (RFC 9111 §4.2.1). Arguments may be tokens or quoted strings (§5.2). A
 * delta-seconds argument that is not a non-negative integer is invalid: for {@code max-age} and
 * {@code s-maxage} on a response that makes the response stale (§4.2.1, "invalid freshness
 * information"); on a request it counts as 0, the most cautious reading. Values too large to represent
 * become 2^31 (§1.2.2).
 */
final class CacheControl {

    /** A directive that is absent. */
    static final long ABSENT = -1;
    /** The value of an invalid delta-seconds argument; it is taken as 0 where a value is needed. */
    static final long INVALID = -2;
    /** RFC 9111 §1.2.2: values beyond what we represent are taken as 2^31 seconds. */
    static final long MAX_DELTA = 2147483648L;

    static final CacheControl EMPTY = new CacheControl();

    long maxAge = ABSENT;
    long sMaxAge = ABSENT;
    long maxStale = ABSENT;
    long minFresh = ABSENT;
    long staleWhileRevalidate = ABSENT;
    long staleIfError = ABSENT;
    boolean noCache;
    Set<String> noCacheFields = Set.of();
    boolean noStore;
    boolean isPrivate;
    Set<String> privateFields = Set.of();
    boolean isPublic;
    boolean mustRevalidate;
    boolean proxyRevalidate;
    boolean mustUnderstand;
    boolean noTransform;
    boolean onlyIfCached;
    /** The targeted field these directives come from (RFC 9213), or null for {@code Cache-Control}. */
    String targetedField;

    private CacheControl() {
    }

    /**
     * The directives a shared cache follows for a response (RFC 9213 §2.2): those of the first
     * field of the policy's target list that is present, non-empty and a valid Dictionary, in
     * which case {@code Cache-Control} (and {@code Expires}, see {@link Freshness}) are ignored;
     * else those of {@code Cache-Control}.
     */
    static CacheControl forResponse(ResponseHead head, CachePolicy policy) {
        for (String field : policy.targetedFields()) {
            CacheControl targeted = TargetedCacheControl.parse(head.headers(field));
            if (targeted != null) {
                targeted.targetedField = field;
                return targeted;
            }
        }
        return parse(head.headers("Cache-Control"));
    }

    /** Directives given as name to argument (null: none), e.g. from a targeted field. */
    static CacheControl fromDirectives(java.util.Map<String, String> directives) {
        CacheControl cc = new CacheControl();
        directives.forEach(cc::apply);
        return cc;
    }

    /** Parses every {@code Cache-Control} line of a message. */
    static CacheControl parse(List<String> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        CacheControl cc = new CacheControl();
        Set<String> seen = new LinkedHashSet<>();
        for (String line : values) {
            cc.parseLine(line, seen);
        }
        return cc;
    }

    private void parseLine(String line, Set<String> seen) {
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                return;
            }
            int nameStart = i;
            while (i < n && line.charAt(i) != '=' && line.charAt(i) != ',') {
                i++;
            }
            String name = line.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            String arg = null;
            if (i < n && line.charAt(i) == '=') {
                i++;
                while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                    i++;
                }
                if (i < n && line.charAt(i) == '"') {
                    StringBuilder quoted = new StringBuilder();
                    i++;
                    while (i < n && line.charAt(i) != '"') {
                        char c = line.charAt(i);
                        if (c == '\\' && i + 1 < n) {
                            c = line.charAt(++i);
                        }
                        quoted.append(c);
                        i++;
                    }
                    i++; // closing quote
                    arg = quoted.toString();
                    while (i < n && line.charAt(i) != ',') {
                        i++;
                    }
                } else {
                    int argStart = i;
                    while (i < n && line.charAt(i) != ',') {
                        i++;
                    }
                    arg = line.substring(argStart, i).trim();
                }
            }
            if (!name.isEmpty() && seen.add(name)) {
                apply(name, arg);
            }
        }
    }

    private void apply(String name, String arg) {
        switch (name) {
            case "max-age" -> maxAge = deltaSeconds(arg);
            case "s-maxage" -> sMaxAge = deltaSeconds(arg);
            case "max-stale" -> {
                // without a value any staleness is accepted (§5.2.1.2)
                maxStale = arg == null ? MAX_DELTA : deltaSeconds(arg);
            }
            case "min-fresh" -> minFresh = deltaSeconds(arg);
            case "stale-while-revalidate" -> staleWhileRevalidate = deltaSeconds(arg);
            case "stale-if-error" -> staleIfError = deltaSeconds(arg);
            case "no-cache" -> {
                noCache = true;
                if (arg != null) {
                    noCacheFields = fieldNames(arg);
                }
            }
            case "private" -> {
                isPrivate = true;
                if (arg != null) {
                    privateFields = fieldNames(arg);
                }
            }
            case "no-store" -> noStore = true;
            case "public" -> isPublic = true;
            case "must-revalidate" -> mustRevalidate = true;
            case "proxy-revalidate" -> proxyRevalidate = true;
            case "must-understand" -> mustUnderstand = true;
            case "no-transform" -> noTransform = true;
            case "only-if-cached" -> onlyIfCached = true;
            default -> {
                // unknown extensions are ignored (RFC 9111 §5.2.3)
            }
        }
    }

    /** Whether an unqualified {@code no-cache} was given (with field names it only limits those fields). */
    boolean noCacheUnqualified() {
        return noCache && noCacheFields.isEmpty();
    }

    /** Whether an unqualified {@code private} was given. */
    boolean privateUnqualified() {
        return isPrivate && privateFields.isEmpty();
    }

    /** RFC 9111 §1.2.2 delta-seconds: a non-negative decimal integer, capped at 2^31. */
    static long deltaSeconds(String arg) {
        if (arg == null || arg.isEmpty()) {
            return INVALID;
        }
        long value = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            value = value * 10 + (c - '0');
            if (value > MAX_DELTA) {
                return MAX_DELTA;
            }
        }
        return value;
    }

    private static Set<String> fieldNames(String arg) {
        List<String> names = new ArrayList<>();
        for (String part : arg.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names.isEmpty() ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }
}

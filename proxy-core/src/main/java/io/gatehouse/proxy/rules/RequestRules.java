package io.gatehouse.proxy.rules;

import io.gatehouse.proxy.access.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The built-in request rules a site owner reaches for against scrapers and probes. Path rules
 * look at the path below the mount prefix, percent-decoded once and lower-cased, so
 * {@code /%2Eenv} and {@code /.ENV} are {@code /.env}. Denials are 403 unless said otherwise;
 * {@link RequestRule#withStatus} changes that (e.g. 404 for probes).
 *
 * <pre>{@code
 * .rules(RequestRules.commonProbes().withStatus(404),
 *        RequestRules.denyUserAgents("(?i)sqlmap", "nikto", "masscan"),
 *        RequestRules.headerConsistency())
 * }</pre>
 */
public final class RequestRules {

    /**
     * Path segments that scanners probe for and that a site should not serve from behind a
     * proxy: secrets and repository metadata ({@code .env}, {@code .git}, {@code .aws}...),
     * server files, and WordPress / phpMyAdmin entry points.
     */
    public static final Set<String> COMMON_PROBE_SEGMENTS = Set.of(
            ".env", ".git", ".svn", ".hg", ".bzr", ".aws", ".ssh", ".docker", ".ds_store", ".htaccess", ".htpasswd",
            ".idea", ".vscode", "wp-admin", "wp-login.php", "wp-config.php", "xmlrpc.php", "phpmyadmin", "pma",
            "server-status", "cgi-bin", "web.config", "id_rsa");

    private RequestRules() {
    }

    /**
     * Denies requests whose {@code User-Agent} contains a match of any of these regular
     * expressions (case-insensitive, {@link java.util.regex.Matcher#find()}), e.g.
     * {@code denyUserAgents("sqlmap", "nikto", "python-requests")}. Requests without
     * {@code User-Agent} pass (see {@link #denyMissingUserAgent()}).
     *
     * @throws IllegalArgumentException naming the expression that does not compile
     */
    public static RequestRule denyUserAgents(String... regexes) {
        return new UserAgentRule(compile("denyUserAgents", regexes), false);
    }

    /** Denies requests that send no (or a blank) {@code User-Agent}, as most scripted scrapers do. */
    public static RequestRule denyMissingUserAgent() {
        return new UserAgentRule(List.of(), true);
    }

    /**
     * Denies paths equal to or below any of these prefixes, segment by segment:
     * {@code denyPaths("/wp-admin")} denies {@code /wp-admin} and {@code /wp-admin/x}, not
     * {@code /wp-administrator}.
     *
     * @throws IllegalArgumentException if a prefix does not start with {@code /}
     */
    public static RequestRule denyPaths(String... prefixes) {
        List<String> normalized = new ArrayList<>();
        for (String prefix : prefixes) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.startsWith("/")) {
                throw new IllegalArgumentException("denyPaths: '" + prefix + "' (expected: a path starting with '/', e.g. /" + prefix + ")");
            }
            String lower = prefix.toLowerCase(Locale.ROOT);
            while (lower.length() > 1 && lower.endsWith("/")) {
                lower = lower.substring(0, lower.length() - 1);
            }
            normalized.add(lower);
        }
        return new PathPrefixRule(normalized);
    }

    /**
     * Denies paths that have any of these segments anywhere: {@code denyPathSegments(".env")}
     * denies {@code /.env} and {@code /app/.env}, not {@code /app/.envoy}.
     *
     * @throws IllegalArgumentException if a segment is empty or holds {@code /}
     */
    public static RequestRule denyPathSegments(String... segments) {
        Set<String> lower = new LinkedHashSet<>();
        for (String segment : segments) {
            Objects.requireNonNull(segment, "segment");
            if (segment.isEmpty() || segment.indexOf('/') >= 0) {
                throw new IllegalArgumentException("denyPathSegments: '" + segment
                        + "' (expected: one path segment without '/', e.g. .env)");
            }
            lower.add(segment.toLowerCase(Locale.ROOT));
        }
        return new PathSegmentRule(lower, "path-segment", Verdict.deny(403, "This path is not allowed.", Map.of()));
    }

    /** Denies paths (decoded once, lower case) in which any of these regular expressions finds a match, e.g. {@code "\\.php$"}. */
    public static RequestRule denyPathsMatching(String... regexes) {
        return new PathPatternRule(compile("denyPathsMatching", regexes));
    }

    /** Denies the paths of {@link #COMMON_PROBE_SEGMENTS}, under the rule name {@code probe}. */
    public static RequestRule commonProbes() {
        return new PathSegmentRule(COMMON_PROBE_SEGMENTS, "probe", Verdict.deny(403, "This path is not allowed.", Map.of()));
    }

    /**
     * Denies these methods with 405 (case-sensitive, RFC 9110 §9.1) and an {@code Allow} that
     * lists the common methods left, e.g. {@code denyMethods("PUT", "DELETE")} on a read-only
     * route.
     */
    public static RequestRule denyMethods(String... methods) {
        Set<String> set = new LinkedHashSet<>();
        for (String method : methods) {
            set.add(Objects.requireNonNull(method, "method"));
        }
        return new MethodRule(set);
    }

    /**
     * Denies with 400 requests whose headers contradict each other: several {@code Host}
     * headers, {@code Content-Length} together with {@code Transfer-Encoding}, or several
     * different {@code Content-Length}s (RFC 9112 §3.2, §6.3) — the stuff of request smuggling
     * and cache poisoning. On by default globally (see {@code ProxyConfig.Builder#rules}).
     */
    public static RequestRule headerConsistency() {
        return new HeaderConsistencyRule(false);
    }

    /**
     * Denies with 400 requests without a {@code Host} header (HTTP/1.1 requires one, RFC 9112
     * §3.2; scanners often leave it out). Use only where every client speaks HTTP/1.1 or the
     * adapter presents HTTP/2's {@code :authority} as {@code Host}.
     */
    public static RequestRule requireHost() {
        return new HeaderConsistencyRule(true);
    }

    private static List<Pattern> compile(String option, String... regexes) {
        if (regexes.length == 0) {
            throw new IllegalArgumentException(option + ": no expression (expected: at least one regular expression)");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String regex : regexes) {
            try {
                patterns.add(Pattern.compile(Objects.requireNonNull(regex, "regex"), Pattern.CASE_INSENSITIVE));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(option + ": '" + regex + "' is not a regular expression ("
                        + e.getDescription() + "; expected: a java.util.regex expression)");
            }
        }
        return patterns;
    }
}

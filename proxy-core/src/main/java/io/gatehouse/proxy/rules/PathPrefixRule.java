package io.gatehouse.proxy.rules;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;

/** Denies paths that are, or lie below, one of the prefixes, segment by segment and case-insensitively. */
final class PathPrefixRule implements RequestRule {

    private static final Verdict.Deny DENY = Verdict.deny(403, "This path is not allowed.", java.util.Map.of());

    private final List<String> prefixes;

    /** @param prefixes lower-case, starting with {@code /}, without trailing slash (except {@code /}) */
    PathPrefixRule(List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    @Override
    public Verdict check(RequestView request) {
        String path = RulePaths.normalize(request.path());
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)
                    && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/' || prefix.equals("/"))) {
                return DENY;
            }
        }
        return Verdict.allow();
    }

    @Override
    public String name() {
        return "path";
    }

    @Override
    public String toString() {
        return "path" + prefixes;
    }
}

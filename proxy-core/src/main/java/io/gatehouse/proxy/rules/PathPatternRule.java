package io.gatehouse.proxy.rules;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import java.util.regex.Pattern;

/** Denies paths (decoded once, lower case) in which any pattern finds a match. */
final class PathPatternRule implements RequestRule {

    private static final Verdict.Deny DENY = Verdict.deny(403, "This path is not allowed.", java.util.Map.of());

    private final List<Pattern> patterns;

    PathPatternRule(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    @Override
    public Verdict check(RequestView request) {
        String path = RulePaths.normalize(request.path());
        for (Pattern pattern : patterns) {
            if (pattern.matcher(path).find()) {
                return DENY;
            }
        }
        return Verdict.allow();
    }

    @Override
    public String name() {
        return "path-pattern";
    }

    @Override
    public String toString() {
        return "path-pattern" + patterns;
    }
}

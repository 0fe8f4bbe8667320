package io.gatehouse.proxy.rules;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.http.RequestView;
import java.util.Set;

/** Denies paths with a segment equal to one of the names, anywhere, case-insensitively ({@code /app/.env}). */
final class PathSegmentRule implements RequestRule {

    private final Set<String> segments;
    private final String name;
    private final Verdict.Deny deny;

    /** @param segments lower case */
    PathSegmentRule(Set<String> segments, String name, Verdict.Deny deny) {
        this.segments = Set.copyOf(segments);
        this.name = name;
        this.deny = deny;
    }

    @Override
    public Verdict check(RequestView request) {
        String path = RulePaths.normalize(request.path());
        int start = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                if (i > start && segments.contains(path.substring(start, i))) {
                    return deny;
                }
                start = i + 1;
            }
        }
        return Verdict.allow();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + segments;
    }
}

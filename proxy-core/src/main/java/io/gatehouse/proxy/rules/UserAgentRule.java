package io.gatehouse.proxy.rules;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import java.util.regex.Pattern;

/** Denies requests whose {@code User-Agent} contains a match of any pattern, or that send none when told to. */
final class UserAgentRule implements RequestRule {

    private static final Verdict.Deny DENY = Verdict.deny(403, "This client is not allowed.", java.util.Map.of());

    private final List<Pattern> patterns;
    private final boolean denyMissing;
    private final String name;

    UserAgentRule(List<Pattern> patterns, boolean denyMissing) {
        this.patterns = List.copyOf(patterns);
        this.denyMissing = denyMissing;
        this.name = denyMissing ? "no-user-agent" : "user-agent";
    }

    @Override
    public Verdict check(RequestView request) {
        List<String> agents = request.headers("User-Agent");
        if (agents.isEmpty() || (agents.size() == 1 && agents.get(0).isBlank())) {
            return denyMissing ? DENY : Verdict.allow();
        }
        for (String agent : agents) {
            for (Pattern pattern : patterns) {
                if (pattern.matcher(agent).find()) {
                    return DENY;
                }
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
        return name + patterns;
    }
}

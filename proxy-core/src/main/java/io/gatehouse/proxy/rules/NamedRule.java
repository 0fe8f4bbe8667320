package io.gatehouse.proxy.rules;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.http.RequestView;

/** A rule with a name of its own and, optionally, another denial status. */
final class NamedRule implements RequestRule {

    private final String name;
    private final RequestRule rule;
    private final int status;

    /** @param status the denial status to use instead of the rule's, or 0 to keep it */
    NamedRule(String name, RequestRule rule, int status) {
        this.name = name;
        this.rule = rule;
        this.status = status;
    }

    @Override
    public Verdict check(RequestView request) {
        Verdict verdict = rule.check(request);
        if (status == 0 || !(verdict instanceof Verdict.Deny deny) || deny.status() == status) {
            return verdict;
        }
        return Verdict.deny(status, null, status == 405 ? deny.headers() : java.util.Map.of());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + (status == 0 ? "" : " -> " + status) + ": " + rule;
    }
}

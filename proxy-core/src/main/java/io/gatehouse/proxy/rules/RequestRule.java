package io.gatehouse.proxy.rules;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.http.RequestView;
import java.util.Objects;

/**
 * A check a request must pass, globally (before routing) or on one route: against scrapers,
 * probes and malformed requests. Built-ins are on {@link RequestRules}.
 *
 * <p>Called on the request thread for every request the rule covers; must be thread-safe, fast
 * and must not block. Each denial is counted by {@link #name()} and logged at most once a
 * minute per client ({@link RuleDenials}).
 */
@FunctionalInterface
public interface RequestRule {

    /** Passes the request ({@link Verdict#allow()}) or denies it with a status. */
    Verdict check(RequestView request);

    /** The name denials are counted and logged under (default {@code custom}). */
    default String name() {
        return "custom";
    }

    /** This rule under another name. */
    static RequestRule named(String name, RequestRule rule) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rule, "rule");
        return new NamedRule(name, rule, 0);
    }

    /** This rule, denying with {@code status} instead (e.g. 404 so a probe learns nothing). */
    default RequestRule withStatus(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 400-599)");
        }
        return new NamedRule(name(), this, status);
    }
}

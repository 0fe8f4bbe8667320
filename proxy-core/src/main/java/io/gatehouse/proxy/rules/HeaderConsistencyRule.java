package io.gatehouse.proxy.rules;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;

/**
 * Denies with 400 what RFC 9112 says a server must refuse and what smuggling and cache
 * poisoning attempts send: several {@code Host} headers (§3.2), {@code Content-Length} with
 * {@code Transfer-Encoding} or several different {@code Content-Length}s (§6.3); and, when
 * asked, a request without {@code Host} (required in HTTP/1.1, §3.2).
 */
final class HeaderConsistencyRule implements RequestRule {

    private static final Verdict.Deny DENY = Verdict.deny(400, "The request's headers are inconsistent.", java.util.Map.of());

    private final boolean requireHost;

    HeaderConsistencyRule(boolean requireHost) {
        this.requireHost = requireHost;
    }

    @Override
    public Verdict check(RequestView request) {
        List<String> hosts = request.headers("Host");
        if (hosts.size() > 1 || (requireHost && (hosts.isEmpty() || hosts.get(0).isBlank()))) {
            return DENY;
        }
        if (requireHost) {
            return Verdict.allow();
        }
        List<String> lengths = request.headers("Content-Length");
        if (lengths.isEmpty()) {
            return Verdict.allow();
        }
        if (!request.headers("Transfer-Encoding").isEmpty()) {
            return DENY;
        }
        String first = null;
        for (String value : lengths) {
            for (String length : value.split(",", -1)) {
                String trimmed = length.trim();
                if (first == null) {
                    first = trimmed;
                } else if (!first.equals(trimmed)) {
                    return DENY;
                }
            }
        }
        return Verdict.allow();
    }

    @Override
    public String name() {
        return requireHost ? "host-required" : "header-consistency";
    }

    @Override
    public String toString() {
        return name();
    }
}

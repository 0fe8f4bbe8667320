package io.gatehouse.proxy.rules;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Denies the listed methods with 405 and an {@code Allow} of the common methods that are left (RFC 9110 §15.5.6). */
final class MethodRule implements RequestRule {

    private static final List<String> COMMON = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

    private final Set<String> methods;
    private final Verdict.Deny deny;

    /** @param methods upper case */
    MethodRule(Set<String> methods) {
        this.methods = Set.copyOf(methods);
        String allow = COMMON.stream().filter(m -> !methods.contains(m)).collect(Collectors.joining(", "));
        this.deny = Verdict.deny(405, "This method is not allowed.", allow.isEmpty() ? Map.of() : Map.of("Allow", allow));
    }

    @Override
    public Verdict check(RequestView request) {
        return methods.contains(request.method()) ? deny : Verdict.allow();
    }

    @Override
    public String name() {
        return "method";
    }

    @Override
    public String toString() {
        return "method" + methods;
    }
}

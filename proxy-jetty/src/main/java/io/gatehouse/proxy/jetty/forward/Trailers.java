package io.gatehouse.proxy.jetty.forward;

import io.gatehouse.proxy.http.HopByHop;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * Trailer fields passed through the proxy, both ways: the client's request trailers to the
 * upstream, the upstream's response trailers to the client (HTTP/1.1 chunked trailers, RFC 9112
 * §7.1.2; HTTP/2 trailing HEADERS, RFC 9113 §8.1). Fields a trailer must not carry are left
 * out (RFC 9110 §6.5.1: framing, routing, authentication, content coding and type, hop-by-hop).
 */
final class Trailers {

    private static final Set<String> NOT_IN_TRAILERS = Set.of("content-length", "content-encoding", "content-type",
            "content-range", "host", "authorization", "proxy-authorization", "set-cookie", "cookie", "trailer",
            "www-authenticate", "proxy-authenticate", "cache-control", "expires", "date", "location", "retry-after",
            "vary", "age", "max-forwards");

    private Trailers() {
    }

    private static boolean passes(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !NOT_IN_TRAILERS.contains(lower) && !HopByHop.isHopByHop(lower, Set.of()) && !lower.startsWith(":");
    }

    /** The upstream's trailers as the servlet API's trailer map (values of one name joined), or null when none pass. */
    static Map<String, String> toClient(HttpFields upstream) {
        if (upstream == null || upstream.size() == 0) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (HttpField field : upstream) {
            if (passes(field.getName())) {
                out.merge(field.getName(), field.getValue(), (a, b) -> a + ", " + b);
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** The client's request trailers as fields for the upstream request, or null when none pass. */
    static HttpFields toUpstream(Map<String, String> client) {
        if (client == null || client.isEmpty()) {
            return null;
        }
        HttpFields.Mutable out = HttpFields.build(client.size());
        client.forEach((name, value) -> {
            if (passes(name)) {
                out.add(name, value);
            }
        });
        return out.size() == 0 ? null : out.asImmutable();
    }
}

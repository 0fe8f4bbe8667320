package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.Decision;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.forward.ForwardPlan;
import io.gatehouse.proxy.forward.ProxyHeaders;
import io.gatehouse.proxy.http.HopByHop;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Builds the headers of the proxy-to-server request from the client-to-proxy request, once per
 * exchange (every attempt reuses them).
 *
 * <p>Copied: every end-to-end header. Not copied: hop-by-hop headers (RFC 9110 §7.6.1, including
 * the ones named in {@code Connection}), {@code Host} unless the route preserves it,
 * {@code Expect} (the proxy answers {@code 100-continue} itself, as nginx does), and the proxy
 * headers it sets itself. Added: {@code X-Forwarded-For} (appended), {@code X-Forwarded-Proto},
 * {@code -Host}, {@code -Port}, {@code -Prefix} (replaced), RFC 7239 {@code Forwarded} and
 * {@code Via} (appended): the right-most {@code X-Forwarded-For} entry is the socket peer this proxy
 * saw, the one an upstream can rely on (the client address the proxy's own rules use is resolved
 * in the core, trusting the chain only from configured proxies). Also not copied: credentials the
 * proxy consumed ({@link Decision.Forward#removedHeaders()}); set last: the edge's headers (the
 * request id).
 */
final class UpstreamRequestHeaders {

    private UpstreamRequestHeaders() {
    }

    static HttpFields build(HttpServletRequest clientToProxyRequest, Decision.Forward forward, String via) {
        ForwardPlan plan = forward.plan();
        Route route = plan.route();
        List<String> removed = forward.removedHeaders();
        Set<String> connectionTokens = HopByHop.connectionTokens(values(clientToProxyRequest, "Connection"));
        HttpFields.Mutable headers = HttpFields.build(16);
        for (Enumeration<String> names = clientToProxyRequest.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host")) {
                if (route.preserveHost()) {
                    headers.put(HttpHeader.HOST, clientToProxyRequest.getHeader(name));
                }
                continue;
            }
            if (HopByHop.isHopByHop(lower, connectionTokens) || ProxyHeaders.isReplacedByProxy(lower) || isAppendedByProxy(lower)
                    || lower.equals("expect") || removed.contains(lower)) {
                continue;
            }
            for (Enumeration<String> values = clientToProxyRequest.getHeaders(name); values.hasMoreElements(); ) {
                String value = values.nextElement();
                if (value != null) {
                    headers.add(name, value);
                }
            }
        }
        addProxyHeaders(clientToProxyRequest, plan, via, headers);
        // Set last, after the hop-by-hop filtering, so that Connection cannot remove them (the request id).
        forward.upstreamHeaders().forEach(headers::put);
        return headers.asImmutable();
    }

    private static boolean isAppendedByProxy(String lower) {
        return lower.equals("x-forwarded-for") || lower.equals("forwarded") || lower.equals("via");
    }

    private static void addProxyHeaders(HttpServletRequest clientToProxyRequest, ForwardPlan plan, String pseudonym,
                                        HttpFields.Mutable headers) {
        String client = clientToProxyRequest.getRemoteAddr();
        String scheme = clientToProxyRequest.getScheme();
        String host = clientToProxyRequest.getHeader("Host");
        headers.put(ProxyHeaders.X_FORWARDED_FOR,
                ProxyHeaders.appendXForwardedFor(values(clientToProxyRequest, ProxyHeaders.X_FORWARDED_FOR), client));
        headers.put(ProxyHeaders.X_FORWARDED_PROTO, scheme);
        if (host != null) {
            headers.put(ProxyHeaders.X_FORWARDED_HOST, host);
        }
        headers.put(ProxyHeaders.X_FORWARDED_PORT, Integer.toString(clientToProxyRequest.getServerPort()));
        if (!plan.publicPrefix().isEmpty()) {
            headers.put(ProxyHeaders.X_FORWARDED_PREFIX, plan.publicPrefix());
        }
        headers.put(HttpHeader.FORWARDED, ProxyHeaders.appendForwarded(values(clientToProxyRequest, "Forwarded"),
                ProxyHeaders.forwardedElement(client, host, scheme)));
        headers.put(HttpHeader.VIA, ProxyHeaders.appendVia(values(clientToProxyRequest, "Via"),
                clientToProxyRequest.getProtocol(), pseudonym));
    }

    static List<String> values(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        return values == null || !values.hasMoreElements() ? List.of() : Collections.list(values);
    }
}

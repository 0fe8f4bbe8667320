package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.cache.Header;
import io.gatehouse.proxy.cache.ResponseHead;
import io.gatehouse.proxy.forward.ForwardPlan;
import io.gatehouse.proxy.forward.LocationRewriter;
import io.gatehouse.proxy.forward.ProxyHeaders;
import io.gatehouse.proxy.forward.ResponseHeaderRule;
import io.gatehouse.proxy.http.HopByHop;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The proxy-to-client response head made from the server-to-proxy one: drops hop-by-hop
 * headers and, unless the route passes them, {@code Server} and {@code X-Powered-By}; maps
 * {@code Location} and {@code Content-Location} back to public addresses; adds this proxy to
 * {@code Via} (RFC 9110 §7.6.3; the upstream's own entries are kept only when the route passes
 * server headers). Applied to the servlet response, the upstream's {@code Date} and
 * {@code Server} replace those the host's server presets (one {@code Date}, RFC 9110 §6.6.1).
 */
final class ClientResponseHeaders {

    private ClientResponseHeaders() {
    }

    /** The head the client gets, as the cache sees it. */
    static ResponseHead head(String publicOrigin, Response serverToProxyResponse, ForwardPlan plan, String via) {
        HttpFields headers = serverToProxyResponse.getHeaders();
        Set<String> connectionTokens = HopByHop.connectionTokens(headers.getValuesList(HttpHeader.CONNECTION));
        List<Header> out = new ArrayList<>(headers.size() + 1);
        List<String> upstreamVia = List.of();
        for (HttpField field : headers) {
            String value = field.getValue();
            String lower = field.getLowerCaseName();
            switch (ResponseHeaderRule.of(lower, connectionTokens, plan.route())) {
                case DROP -> {
                    continue;
                }
                case REWRITE_LOCATION -> value = LocationRewriter.rewrite(value, plan, publicOrigin);
                case PASS -> { }
            }
            if (lower.equals("via")) {
                upstreamVia = plan.route().passServerHeaders() ? headers.getValuesList(HttpHeader.VIA) : List.of();
                continue;
            }
            out.add(new Header(field.getName(), value));
        }
        out.add(new Header("Via", ProxyHeaders.appendVia(upstreamVia, serverToProxyResponse.getVersion().asString(), via)));
        return ResponseHead.of(serverToProxyResponse.getStatus(), out);
    }

    /**
     * Writes a head to the servlet response: its status, and its headers replacing any of the same
     * name (the first of a name is set, the others added; {@code Date} and {@code Server} are
     * single-valued, the last one wins). Headers named in {@code dropped} (what an
     * earlier head had and this one does not) are removed; other headers the host set stay.
     */
    static void apply(HttpServletResponse proxyToClientResponse, ResponseHead head, ResponseHead dropped) {
        proxyToClientResponse.setStatus(head.status());
        Set<String> seen = new HashSet<>();
        for (Header header : head.headers()) {
            String lower = header.name().toLowerCase(Locale.ROOT);
            if (seen.add(lower) || lower.equals("date") || lower.equals("server")) {
                proxyToClientResponse.setHeader(header.name(), header.value());
            } else {
                proxyToClientResponse.addHeader(header.name(), header.value());
            }
        }
        if (dropped != null) {
            for (Header header : dropped.headers()) {
                if (!seen.contains(header.name().toLowerCase(Locale.ROOT))) {
                    proxyToClientResponse.setHeader(header.name(), null);
                }
            }
        }
    }

    static String publicOrigin(HttpServletRequest clientToProxyRequest) {
        String host = clientToProxyRequest.getHeader("Host");
        if (host == null || host.isEmpty()) {
            host = clientToProxyRequest.getServerName() + ":" + clientToProxyRequest.getServerPort();
        }
        return clientToProxyRequest.getScheme() + "://" + host;
    }
}

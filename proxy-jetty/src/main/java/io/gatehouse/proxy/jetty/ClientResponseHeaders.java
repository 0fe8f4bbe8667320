package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.forward.ForwardPlan;
import io.gatehouse.proxy.forward.LocationRewriter;
import io.gatehouse.proxy.forward.ProxyHeaders;
import io.gatehouse.proxy.forward.ResponseHeaderRule;
import io.gatehouse.proxy.http.HopByHop;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Copies the server-to-proxy response head to the proxy-to-client response: drops hop-by-hop
 * headers and, unless the route passes them, {@code Server} and {@code X-Powered-By}; maps
 * {@code Location} and {@code Content-Location} back to public addresses; adds this proxy to
 * {@code Via} (RFC 9110 §7.6.3; the upstream's own entries are kept only when the route passes
 * server headers). The upstream's {@code Date} and {@code Server} replace those the host's
 * server presets (one {@code Date}, RFC 9110 §6.6.1).
 */
final class ClientResponseHeaders {

    private ClientResponseHeaders() {
    }

    static void copy(HttpServletRequest clientToProxyRequest, Response serverToProxyResponse,
                     HttpServletResponse proxyToClientResponse, ForwardPlan plan, String via) {
        proxyToClientResponse.setStatus(serverToProxyResponse.getStatus());
        HttpFields headers = serverToProxyResponse.getHeaders();
        Set<String> connectionTokens = HopByHop.connectionTokens(headers.getValuesList(HttpHeader.CONNECTION));
        String publicOrigin = null;
        List<String> upstreamVia = List.of();
        for (HttpField field : headers) {
            String value = field.getValue();
            String lower = field.getLowerCaseName();
            switch (ResponseHeaderRule.of(lower, connectionTokens, plan.route())) {
                case DROP -> {
                    continue;
                }
                case REWRITE_LOCATION -> {
                    if (publicOrigin == null) {
                        publicOrigin = publicOrigin(clientToProxyRequest);
                    }
                    value = LocationRewriter.rewrite(value, plan, publicOrigin);
                }
                case PASS -> { }
            }
            switch (lower) {
                case "via" -> upstreamVia = plan.route().passServerHeaders() ? headers.getValuesList(HttpHeader.VIA) : List.of();
                case "date", "server" -> proxyToClientResponse.setHeader(field.getName(), value);
                default -> proxyToClientResponse.addHeader(field.getName(), value);
            }
        }
        proxyToClientResponse.setHeader("Via",
                ProxyHeaders.appendVia(upstreamVia, serverToProxyResponse.getVersion().asString(), via));
    }

    private static String publicOrigin(HttpServletRequest clientToProxyRequest) {
        String host = clientToProxyRequest.getHeader("Host");
        if (host == null || host.isEmpty()) {
            host = clientToProxyRequest.getServerName() + ":" + clientToProxyRequest.getServerPort();
        }
        return clientToProxyRequest.getScheme() + "://" + host;
    }
}

package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.cache.Header;
import io.gatehouse.proxy.cache.ResponseHead;
import io.gatehouse.proxy.engine.ForwardPlan;
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
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.servlet.ServletApiResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;

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
    static ResponseHead head(Supplier<String> publicOrigin, Response serverToProxyResponse, ForwardPlan plan, String via) {
        List<Header> out = new ArrayList<>(serverToProxyResponse.getHeaders().size() + 1);
        HttpField viaField = filter(publicOrigin, serverToProxyResponse.getHeaders(), serverToProxyResponse.getVersion(),
                plan, via, (field, value) -> out.add(new Header(field.getName(), value)));
        out.add(new Header(viaField.getName(), viaField.getValue()));
        return ResponseHead.of(serverToProxyResponse.getStatus(), out);
    }

    /**
     * Copies the head the client gets straight onto the servlet response, when no cache needs it
     * as a {@link ResponseHead}: the upstream's own {@link HttpField} objects are added as they
     * are (no name lookup, no new field per header), and only names the response already has
     * (the server's {@code Date}, what the host set) go through a replacing {@code setHeader}.
     * Responses a host filter wrapped take the servlet API path ({@link #apply}).
     */
    static void copy(Supplier<String> publicOrigin, Response serverToProxyResponse, ForwardPlan plan, String via,
                     HttpServletResponse proxyToClientResponse) {
        if (!(proxyToClientResponse instanceof ServletApiResponse)) {
            apply(proxyToClientResponse, head(publicOrigin, serverToProxyResponse, plan, via), null);
            return;
        }
        proxyToClientResponse.setStatus(serverToProxyResponse.getStatus());
        HttpFields.Mutable target = ServletContextResponse.getServletContextResponse(proxyToClientResponse).getHeaders();
        copy(publicOrigin, serverToProxyResponse.getHeaders(), serverToProxyResponse.getVersion(), plan, via, target);
    }

    /**
     * {@link #copy(Supplier, Response, ForwardPlan, String, HttpServletResponse)} of the upstream's
     * header fields onto the client response's.
     */
    static void copy(Supplier<String> publicOrigin, HttpFields headers, HttpVersion version, ForwardPlan plan,
                     String via, HttpFields.Mutable target) {
        Preset preset = new Preset(target);
        HttpField viaField = filter(publicOrigin, headers, version, plan, via, (field, value) -> {
            HttpField out = value == field.getValue() ? field : new HttpField(field.getHeader(), field.getName(), value);
            if (preset.replaces(out)) {
                target.put(out);
            } else {
                target.add(out);
            }
        });
        if (preset.replaces(viaField)) {
            target.put(viaField);
        } else {
            target.add(viaField);
        }
    }

    /**
     * Passes each upstream header the client may see to {@code sink} (with its value, rewritten
     * for {@code Location}), and returns the {@code Via} field to add last.
     */
    private static HttpField filter(Supplier<String> publicOrigin, HttpFields headers, HttpVersion version,
                                    ForwardPlan plan, String via, BiConsumer<HttpField, String> sink) {
        Set<String> connectionTokens = HopByHop.connectionTokens(headers.getValuesList(HttpHeader.CONNECTION));
        List<String> upstreamVia = List.of();
        String origin = null;
        for (HttpField field : headers) {
            String value = field.getValue();
            String lower = field.getLowerCaseName();
            switch (ResponseHeaderRule.of(lower, connectionTokens, plan.route().passServerHeaders())) {
                case DROP -> {
                    continue;
                }
                case REWRITE_LOCATION -> {
                    if (origin == null) {
                        origin = publicOrigin.get();
                    }
                    value = LocationRewriter.rewrite(value, plan, origin);
                }
                case PASS -> { }
            }
            if (field.getHeader() == HttpHeader.VIA) {
                upstreamVia = plan.route().passServerHeaders() ? headers.getValuesList(HttpHeader.VIA) : List.of();
                continue;
            }
            sink.accept(field, value);
        }
        return new HttpField(HttpHeader.VIA,
                ProxyHeaders.appendVia(upstreamVia, version.asString(), via));
    }

    /**
     * The header names a servlet response had before the upstream's head was copied onto it
     * (usually the server's {@code Date}): the first upstream field of such a name replaces it,
     * later ones are added; {@code Date} and {@code Server} are single-valued, the last one wins.
     */
    private static final class Preset {
        private final HttpField[] fields;
        private final boolean[] replaced;

        Preset(HttpFields.Mutable target) {
            this.fields = new HttpField[target.size()];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = target.getField(i);
            }
            this.replaced = new boolean[fields.length];
        }

        boolean replaces(HttpField field) {
            for (int i = 0; i < fields.length; i++) {
                if (fields[i].isSameName(field)) {
                    boolean singleValued = field.getHeader() == HttpHeader.DATE || field.getHeader() == HttpHeader.SERVER;
                    boolean first = !replaced[i];
                    replaced[i] = true;
                    return first || singleValued;
                }
            }
            return false;
        }
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
        String host = ServletContextRequest.getServletContextRequest(clientToProxyRequest).getHeaders().get(HttpHeader.HOST);
        if (host == null || host.isEmpty()) {
            host = clientToProxyRequest.getServerName() + ":" + clientToProxyRequest.getServerPort();
        }
        return clientToProxyRequest.getScheme() + "://" + host;
    }
}

package io.gatehouse.proxy.jetty.edge;

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
public final class ClientResponseHeaders {

    private ClientResponseHeaders() {
    }

    /** The head the client gets, as the cache sees it. */
    public static ResponseHead head(Supplier<String> publicOrigin, Response serverToProxyResponse, ForwardPlan plan, String via) {
        List<Header> out = new ArrayList<>(serverToProxyResponse.getHeaders().size() + 1);
        HttpField viaField = filter(publicOrigin, serverToProxyResponse, plan, via,
                (field, value) -> out.add(new Header(field.getName(), value)));
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
    public static void copy(Supplier<String> publicOrigin, Response serverToProxyResponse, ForwardPlan plan, String via,
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
     * header fields onto the client response's: one pass, no list or set per response when the
     * upstream's {@code Connection} says {@code keep-alive} (or nothing), the rule of a header Jetty
     * knows by name looked up by its enum, and the proxy's own {@code Via} made once.
     */
    public static void copy(Supplier<String> publicOrigin, HttpFields headers, HttpVersion version, ForwardPlan plan,
                     String via, HttpFields.Mutable target) {
        Set<String> connectionTokens = ConnectionTokens.of(headers);
        boolean byEnum = !ConnectionTokens.nameKnownHeaders(connectionTokens);
        boolean passServer = plan.route().passServerHeaders();
        Preset preset = Preset.of(target);
        boolean upstreamVia = false;
        String origin = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            HttpField field = headers.getField(i);
            HttpHeader known = field.getHeader();
            ResponseHeaderRule rule = byEnum && known != null ? KNOWN_RULES[passServer ? 1 : 0][known.ordinal()]
                    : ResponseHeaderRule.of(field.getLowerCaseName(), connectionTokens, passServer);
            HttpField out = field;
            switch (rule) {
                case DROP -> {
                    continue;
                }
                case REWRITE_LOCATION -> {
                    if (origin == null) {
                        origin = publicOrigin.get();
                    }
                    String value = LocationRewriter.rewrite(field.getValue(), plan, origin);
                    if (value != field.getValue()) {
                        out = new HttpField(field.getHeader(), field.getName(), value);
                    }
                }
                case PASS -> { }
            }
            if (known == HttpHeader.VIA) {
                upstreamVia = true;
                continue;
            }
            put(target, preset, out);
        }
        HttpField viaField = upstreamVia && passServer
                ? new HttpField(HttpHeader.VIA, ProxyHeaders.appendVia(headers.getValuesList(HttpHeader.VIA), version.asString(), via))
                : ViaField.of(version, via);
        put(target, preset, viaField);
    }

    private static void put(HttpFields.Mutable target, Preset preset, HttpField field) {
        if (preset == null) {
            target.add(field);
            return;
        }
        if (preset.replaces(field)) {
            target.put(field);
        } else {
            target.add(field);
        }
    }

    /** {@link ResponseHeaderRule#of} of every header Jetty knows by name, with no {@code Connection} tokens: [passServerHeaders ? 1 : 0][ordinal]. */
    private static final ResponseHeaderRule[][] KNOWN_RULES = new ResponseHeaderRule[2][];

    static {
        for (int pass = 0; pass < 2; pass++) {
            HttpHeader[] all = HttpHeader.values();
            KNOWN_RULES[pass] = new ResponseHeaderRule[all.length];
            for (HttpHeader header : all) {
                KNOWN_RULES[pass][header.ordinal()] = ResponseHeaderRule.of(header.lowerCaseName(), Set.of(), pass == 1);
            }
        }
    }

    /**
     * Passes each upstream header the client may see to {@code sink} (with its value, rewritten
     * for {@code Location}), and returns the {@code Via} field to add last.
     */
    private static HttpField filter(Supplier<String> publicOrigin, Response serverToProxyResponse, ForwardPlan plan,
                                    String via, BiConsumer<HttpField, String> sink) {
        HttpFields headers = serverToProxyResponse.getHeaders();
        Set<String> connectionTokens = ConnectionTokens.of(headers);
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
        return upstreamVia.isEmpty() ? ViaField.of(serverToProxyResponse.getVersion(), via)
                : new HttpField(HttpHeader.VIA, ProxyHeaders.appendVia(upstreamVia, serverToProxyResponse.getVersion().asString(), via));
    }

    /**
     * The header names a servlet response had before the upstream's head was copied onto it
     * (usually the server's {@code Date}): the first upstream field of such a name replaces it,
     * later ones are added; {@code Date} and {@code Server} are single-valued, the last one wins.
     */
    private static class Preset {
        private final HttpField[] fields;
        private final boolean[] replaced;

        private Preset(HttpFields.Mutable target) {
            this.fields = new HttpField[target.size()];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = target.getField(i);
            }
            this.replaced = new boolean[fields.length];
        }

        /**
         * The names {@code target} has, or null when every upstream field can simply be added
         * (the response has none yet); a shared instance when it has only the server's {@code Date}.
         */
        static Preset of(HttpFields.Mutable target) {
            if (target.size() == 0) {
                return null;
            }
            if (target.size() == 1 && target.getField(0).getHeader() == HttpHeader.DATE) {
                return DATE_ONLY; // the usual case: the server's Date
            }
            return new Preset(target);
        }

        /** A response with only the server's {@code Date}: the upstream's {@code Date} replaces it, every one (single-valued). */
        private static final Preset DATE_ONLY = new Preset(new HttpField[0], null) {
            @Override
            boolean replaces(HttpField field) {
                return field.getHeader() == HttpHeader.DATE;
            }
        };

        private Preset(HttpField[] fields, boolean[] replaced) {
            this.fields = fields;
            this.replaced = replaced;
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
    public static void apply(HttpServletResponse proxyToClientResponse, ResponseHead head, ResponseHead dropped) {
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

    public static String publicOrigin(HttpServletRequest clientToProxyRequest) {
        String host = ServletContextRequest.getServletContextRequest(clientToProxyRequest).getHeaders().get(HttpHeader.HOST);
        if (host == null || host.isEmpty()) {
            host = clientToProxyRequest.getServerName() + ":" + clientToProxyRequest.getServerPort();
        }
        return clientToProxyRequest.getScheme() + "://" + host;
    }
}

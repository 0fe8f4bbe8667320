package io.gatehouse.proxy.jetty.forward;

import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.access.Client;
import io.gatehouse.proxy.access.IpAddress;
import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.engine.RoutePlan;
import io.gatehouse.proxy.forward.ProxyHeaders;
import io.gatehouse.proxy.http.HopByHop;
import io.gatehouse.proxy.jetty.edge.ConnectionTokens;
import io.gatehouse.proxy.jetty.edge.ViaField;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * Builds the headers of the proxy-to-server request from the client-to-proxy request, once per
 * exchange (every attempt reuses them).
 *
 * <p>Copied: every end-to-end header. Not copied: hop-by-hop headers (RFC 9110 §7.6.1, including
 * the ones named in {@code Connection}), {@code Host} unless the route preserves it,
 * {@code Expect} (the proxy answers {@code 100-continue} itself, as nginx does), {@code TE} but
 * its {@code trailers} token, and the proxy
 * headers it sets itself. Added: {@code X-Forwarded-For} (appended), {@code X-Forwarded-Proto},
 * {@code -Host}, {@code -Port}, {@code -Prefix} (replaced), RFC 7239 {@code Forwarded} and
 * {@code Via} (appended): the right-most {@code X-Forwarded-For} entry is the socket peer this proxy
 * saw, the one an upstream can rely on. The incoming {@code X-Forwarded-For} / {@code Forwarded}
 * chain is only passed on when the peer is a trusted proxy ({@link Decision.Forward#client()});
 * from anyone else the chain starts afresh with the peer, so a client cannot plant addresses an
 * upstream might believe (the client address the proxy's own rules use is resolved in the core
 * the same way). Also not copied: credentials the
 * proxy consumed ({@link Decision.Forward#removedHeaders()}); set last: the edge's headers (the
 * request id, and on {@code OPTIONS} / {@code TRACE} {@code Max-Forwards} decremented, RFC 9110 §7.6.2).
 */
public final class UpstreamRequestHeaders {

    private UpstreamRequestHeaders() {
    }

    public static HttpFields build(HttpServletRequest clientToProxyRequest, Decision.Forward forward, String via) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(clientToProxyRequest);
        HttpFields incoming = request.getHeaders();
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        if (version.getVersion() >= 20 && incoming.getField(HttpHeader.HOST) == null) {
            incoming = withHost(incoming, request.getHttpURI().getAuthority());
        }
        return build(incoming, clientToProxyRequest.getRemoteAddr(), clientToProxyRequest.getScheme(),
                clientToProxyRequest.getServerPort(), version, forward, via);
    }

    /**
     * An HTTP/2 request names its target's authority in {@code :authority}, not {@code Host}
     * (RFC 9113 §8.3.1); a proxy forwarding it as HTTP/1.1 puts it in {@code Host}
     * (RFC 9113 §8.3.1, RFC 9110 §7.2), so the edge's {@code X-Forwarded-Host}, {@code Forwarded}
     * and a preserved {@code Host} come out as for an HTTP/1.1 client.
     */
    private static HttpFields withHost(HttpFields incoming, String authority) {
        if (authority == null || authority.isEmpty()) {
            return incoming;
        }
        HttpFields.Mutable copy = HttpFields.build(incoming.size() + 1);
        copy.add(HttpHeader.HOST, authority);
        copy.add(incoming);
        return copy;
    }

    /**
     * {@link #build(HttpServletRequest, Decision.Forward, String)} from the parts of the request it reads.
     *
     * @param remoteAddr the socket peer's address as the servlet API gives it
     * @param scheme {@code http} or {@code https}
     * @param serverPort the port the client connected to
     * @param version the client's protocol version
     */
    public static HttpFields build(HttpFields incoming, String remoteAddr, String scheme, int serverPort, HttpVersion version,
                            Decision.Forward forward, String via) {
        RoutePlan plan = forward.plan();
        Route route = plan.route();
        List<String> removed = forward.removedHeaders();
        Set<String> connectionTokens = ConnectionTokens.of(incoming);
        boolean checkUnknown = !connectionTokens.isEmpty() || !removed.isEmpty();
        HttpFields.Mutable headers = HttpFields.build(incoming.size() + 8);
        boolean teTrailers = false;
        for (int i = 0, n = incoming.size(); i < n; i++) {
            HttpField field = incoming.getField(i);
            HttpHeader known = field.getHeader();
            if (known != null) {
                switch (known) {
                    case HOST -> {
                        if (route.preserveHost()) {
                            headers.add(field);
                        }
                        continue;
                    }
                    case TE -> {
                        // Hop by hop, but its "trailers" says the client takes trailer fields, which the
                        // proxy relays (Trailers): passed on alone, as gRPC servers require it (RFC 9110 §10.1.4).
                        if (!teTrailers && field.contains("trailers")) {
                            teTrailers = true;
                            headers.add(TE_TRAILERS);
                        }
                        continue;
                    }
                    case CONNECTION, KEEP_ALIVE, PROXY_CONNECTION, TRANSFER_ENCODING, UPGRADE, TRAILER,
                         PROXY_AUTHORIZATION, PROXY_AUTHENTICATE, EXPECT, X_FORWARDED_FOR, X_FORWARDED_PROTO,
                         X_FORWARDED_HOST, X_FORWARDED_PORT, FORWARDED, VIA -> {
                        continue;
                    }
                    default -> { }
                }
            }
            if (known == null || checkUnknown) {
                String lower = field.getLowerCaseName();
                if (HopByHop.isHopByHop(lower, connectionTokens) || ProxyHeaders.isReplacedByProxy(lower)
                        || isAppendedByProxy(lower) || removed.contains(lower)) {
                    continue;
                }
            }
            headers.add(field);
        }
        addProxyHeaders(incoming, remoteAddr, scheme, serverPort, version, plan, via, forward.client(), connectionTokens,
                headers);
        // Set last, after the hop-by-hop filtering, so that Connection cannot remove them (the request id).
        forward.upstreamHeaders().forEach(headers::put);
        return headers.asImmutable();
    }

    private static boolean isAppendedByProxy(String lower) {
        return lower.equals("x-forwarded-for") || lower.equals("forwarded") || lower.equals("via");
    }

    /** Adds the proxy's own headers; none of them is in {@code headers} yet (the copy above skipped them). */
    private static void addProxyHeaders(HttpFields incoming, String remoteAddr, String scheme, int serverPort,
                                        HttpVersion version, RoutePlan plan, String pseudonym, Client who,
                                        Set<String> connectionTokens, HttpFields.Mutable headers) {
        String client = peer(remoteAddr);
        String host = incoming.get(HttpHeader.HOST);
        // Only a trusted proxy's chain is passed on; anyone else's would be addresses they made up.
        // A chain named in Connection was meant for this hop only (RFC 9110 §7.6.1): not passed on either.
        boolean chainTrusted = who != null && who.peerTrusted();
        headers.add(HttpHeader.X_FORWARDED_FOR, ProxyHeaders.appendXForwardedFor(
                incoming(incoming, HttpHeader.X_FORWARDED_FOR, chainTrusted, connectionTokens), client));
        headers.add(xForwardedProto(scheme));
        if (host != null) {
            headers.add(HttpHeader.X_FORWARDED_HOST, host);
        }
        headers.add(xForwardedPort(serverPort));
        if (!plan.publicPrefix().isEmpty()) {
            headers.add(ProxyHeaders.X_FORWARDED_PREFIX, plan.publicPrefix());
        }
        headers.add(HttpHeader.FORWARDED, ProxyHeaders.appendForwarded(
                incoming(incoming, HttpHeader.FORWARDED, chainTrusted, connectionTokens),
                ProxyHeaders.forwardedElement(client, host, scheme)));
        List<String> via = incoming(incoming, HttpHeader.VIA, true, connectionTokens);
        headers.add(via.isEmpty() ? ViaField.of(version, pseudonym)
                : new HttpField(HttpHeader.VIA, ProxyHeaders.appendVia(via, version.asString(), pseudonym)));
    }

    private static final HttpField TE_TRAILERS = new PreEncodedHttpField(HttpHeader.TE, "trailers");
    private static final HttpField X_FORWARDED_PROTO_HTTP = new PreEncodedHttpField(HttpHeader.X_FORWARDED_PROTO, "http");
    private static final HttpField X_FORWARDED_PROTO_HTTPS = new PreEncodedHttpField(HttpHeader.X_FORWARDED_PROTO, "https");
    /** The {@code X-Forwarded-Port} field made last: a server listens on few ports. */
    private static volatile PortField lastXForwardedPort;

    private record PortField(int port, HttpField field) {
    }

    private static HttpField xForwardedProto(String scheme) {
        return switch (scheme) {
            case "http" -> X_FORWARDED_PROTO_HTTP;
            case "https" -> X_FORWARDED_PROTO_HTTPS;
            default -> new HttpField(HttpHeader.X_FORWARDED_PROTO, scheme);
        };
    }

    private static HttpField xForwardedPort(int port) {
        PortField last = lastXForwardedPort;
        if (last != null && last.port() == port) {
            return last.field();
        }
        HttpField field = new PreEncodedHttpField(HttpHeader.X_FORWARDED_PORT, Integer.toString(port));
        lastXForwardedPort = new PortField(port, field);
        return field;
    }

    /** The incoming values of a header the proxy appends to, or none when they are not to be passed on. */
    private static List<String> incoming(HttpFields incoming, HttpHeader header, boolean passOn,
                                         Set<String> connectionTokens) {
        if (!passOn || incoming.getField(header) == null) {
            return List.of();
        }
        boolean hopByHop = !connectionTokens.isEmpty() && connectionTokens.contains(header.lowerCaseName());
        return hopByHop ? List.of() : incoming.getValuesList(header);
    }

    /** The socket peer as an {@code X-Forwarded-For} entry: {@code ::1}, not the servlet API's {@code [0:0:0:0:0:0:0:1]}. */
    private static String peer(String remoteAddr) {
        if (remoteAddr == null || remoteAddr.indexOf(':') < 0) {
            // IPv4 from the socket is already in its usual form (and anything else is passed as it is).
            return remoteAddr;
        }
        IpAddress address = IpAddress.tryParse(remoteAddr);
        return address == null ? remoteAddr : address.toString();
    }
}

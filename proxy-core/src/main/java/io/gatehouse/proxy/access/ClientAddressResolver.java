package io.gatehouse.proxy.access;

import io.gatehouse.proxy.http.RequestView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds the client address of a request: the socket peer, unless the peer is a trusted proxy;
 * then the right-most address in the forwarding header that is not itself a trusted proxy.
 *
 * <p>Each proxy appends the address it received the request from, so the list is only as
 * trustworthy as the proxy that wrote each entry. Walking from the right, every entry written by
 * a trusted proxy (the peer, then each trusted address found) is believed; the first untrusted
 * address is the client. Everything to its left was written by the client or by proxies
 * Gatehouse knows nothing about, and is ignored — so a client that sends
 * {@code X-Forwarded-For: 127.0.0.1} gets nowhere. When the peer is not trusted, the headers
 * are not read at all. When an entry is not an address ({@code unknown}, an obfuscated
 * identifier, garbage), the walk stops at the trusted hop that wrote it. When every entry is
 * trusted, the left-most one is the client.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientAddressResolver {

    private static final ClientAddressResolver PEER_ONLY =
            new ClientAddressResolver(CidrSet.empty(), ForwardedHeader.X_FORWARDED_FOR);

    private final CidrSet trustedProxies;
    private final ForwardedHeader header;

    private ClientAddressResolver(CidrSet trustedProxies, ForwardedHeader header) {
        this.trustedProxies = trustedProxies;
        this.header = header;
    }

    /** A resolver that trusts no proxy: the client is always the socket peer. */
    public static ClientAddressResolver socketPeerOnly() {
        return PEER_ONLY;
    }

    /**
     * A resolver that believes {@code header} when the peer is in {@code trustedProxies}.
     *
     * @param trustedProxies the proxies in front of Gatehouse (load balancers, CDN egress ranges)
     * @param header the header those proxies write the client address into
     */
    public static ClientAddressResolver of(CidrSet trustedProxies, ForwardedHeader header) {
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(header, "header");
        return trustedProxies.isEmpty() ? PEER_ONLY : new ClientAddressResolver(trustedProxies, header);
    }

    /** The trusted proxies. */
    public CidrSet trustedProxies() {
        return trustedProxies;
    }

    /** The header read from trusted peers. */
    public ForwardedHeader header() {
        return header;
    }

    /** Resolves the client of a request; never null. */
    public Client resolve(RequestView request) {
        String peerText = request.remoteAddress();
        IpAddress peer = peerText == null ? null : IpAddress.tryParse(peerText);
        if (peer == null) {
            return new Client(peerText == null ? "" : peerText, null, peerText == null ? "" : peerText, false);
        }
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return new Client(canonical(peerText, peer), peer, peerText, false);
        }
        List<String> hops = header == ForwardedHeader.FORWARDED
                ? forwardedFor(request.headers(header.headerName()))
                : commaSeparated(request.headers(header.headerName()));
        IpAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            IpAddress hop = node(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
            if (!trustedProxies.contains(hop)) {
                break;
            }
        }
        return new Client(client == peer ? canonical(peerText, peer) : client.toString(), client, peerText, true);
    }

    /** The canonical text of an address: a plain dotted quad is already canonical (parsing refused anything else). */
    private static String canonical(String text, IpAddress address) {
        return address.isIpv4() && text.indexOf(':') < 0 ? text : address.toString();
    }

    /** The entries of a comma-separated list header, across all its field lines, in order. */
    private static List<String> commaSeparated(List<String> values) {
        List<String> entries = new ArrayList<>();
        for (String value : values) {
            int start = 0;
            for (int i = 0; i <= value.length(); i++) {
                if (i == value.length() || value.charAt(i) == ',') {
                    entries.add(value.substring(start, i));
                    start = i + 1;
                }
            }
        }
        return entries;
    }

    /**
     * The {@code for} value of each RFC 7239 §4 forwarded-element, in order ({@code ""} for an
     * element without one); commas and semicolons inside quoted-strings do not split.
     */
    static List<String> forwardedFor(List<String> values) {
        List<String> entries = new ArrayList<>();
        for (String value : values) {
            int length = value.length();
            String found = "";
            int pairStart = 0;
            boolean quoted = false;
            for (int i = 0; i <= length; i++) {
                char c = i == length ? ',' : value.charAt(i);
                if (quoted && i < length) {
                    if (c == '\\' && i + 1 < length) {
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    }
                    continue;
                }
                if (c == '"') {
                    quoted = true;
                } else if (c == ';' || c == ',') {
                    String pair = value.substring(pairStart, i).trim();
                    int equals = pair.indexOf('=');
                    if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
                        found = pair.substring(equals + 1).trim();
                    }
                    pairStart = i + 1;
                    if (c == ',') {
                        entries.add(found);
                        found = "";
                    }
                }
            }
        }
        return entries;
    }

    /**
     * An address from one hop entry: {@code 192.0.2.1}, {@code 192.0.2.1:4711},
     * {@code 2001:db8::1}, {@code [2001:db8::1]:4711}, each possibly quoted; null otherwise.
     */
    static IpAddress node(String entry) {
        String text = entry.trim();
        if (text.length() >= 2 && text.charAt(0) == '"' && text.charAt(text.length() - 1) == '"') {
            text = unquote(text.substring(1, text.length() - 1));
        }
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && !isPort(rest)) {
                return null;
            }
            int colon = text.indexOf(':');
            return colon > 0 && colon < close ? IpAddress.tryParse(text, 1, close) : null;
        }
        int colon = text.indexOf(':');
        if (colon >= 0 && colon == text.lastIndexOf(':') && text.indexOf('.') >= 0) {
            if (!isPort(text.substring(colon))) {
                return null;
            }
            text = text.substring(0, colon);
        }
        return IpAddress.tryParse(text);
    }

    private static boolean isPort(String colonAndPort) {
        if (colonAndPort.length() < 2 || colonAndPort.length() > 6 || colonAndPort.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < colonAndPort.length(); i++) {
            char c = colonAndPort.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String unquote(String quoted) {
        if (quoted.indexOf('\\') < 0) {
            return quoted;
        }
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                c = quoted.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return trustedProxies.isEmpty() ? "socket peer" : header.headerName() + " from " + trustedProxies;
    }
}

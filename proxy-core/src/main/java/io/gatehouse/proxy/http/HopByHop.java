package io.gatehouse.proxy.http;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The hop-by-hop header rules of RFC 9110 §7.6.1: headers that describe one connection and
 * must not be forwarded by a proxy, in either direction.
 */
public final class HopByHop {

    /**
     * Headers that are hop-by-hop whatever the message says (lower case): {@code Connection}
     * itself, the ones RFC 9110 §7.6.1 names, and {@code Proxy-Connection}, which old clients
     * still send.
     */
    public static final Set<String> HEADERS = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "te",
            "transfer-encoding",
            "upgrade",
            "trailer",
            "proxy-authenticate",
            "proxy-authorization");

    private static final Set<String> KEEP_ALIVE = Set.of("keep-alive");
    private static final Set<String> CLOSE = Set.of("close");

    private HopByHop() {
    }

    /**
     * {@link #connectionTokens(List)} of a message with one {@code Connection} header; the usual
     * {@code keep-alive} and {@code close} cost no parsing and no new set.
     */
    public static Set<String> connectionTokens(String connectionValue) {
        if (connectionValue.equalsIgnoreCase("keep-alive")) {
            return KEEP_ALIVE;
        }
        if (connectionValue.equalsIgnoreCase("close")) {
            return CLOSE;
        }
        return connectionTokens(List.of(connectionValue));
    }

    /**
     * Returns the lower-case header names listed in the {@code Connection} header values, which
     * are hop-by-hop for this message only (RFC 9110 §7.6.1); empty when there are none.
     */
    public static Set<String> connectionTokens(List<String> connectionValues) {
        if (connectionValues.isEmpty()) {
            return Set.of();
        }
        Set<String> tokens = new HashSet<>();
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    tokens.add(name);
                }
            }
        }
        return tokens;
    }

    /**
     * Whether a header must not be forwarded: it is hop-by-hop by definition or named by the
     * message's {@code Connection} header.
     *
     * @param lowerCaseName the header name in lower case
     * @param connectionTokens the result of {@link #connectionTokens(List)} for the message
     */
    public static boolean isHopByHop(String lowerCaseName, Set<String> connectionTokens) {
        return HEADERS.contains(lowerCaseName) || connectionTokens.contains(lowerCaseName);
    }
}

package io.gatehouse.proxy.forward;

import io.gatehouse.proxy.http.HopByHop;
import java.util.Set;

/** What happens to one header of the server-to-proxy response on its way to the client. */
public enum ResponseHeaderRule {

    /** Copied as it is. */
    PASS,
    /** Not copied: hop-by-hop, or a header that would reveal the upstream. */
    DROP,
    /** Copied after {@link LocationRewriter} mapped it to a public address. */
    REWRITE_LOCATION;

    /**
     * Decides the rule for one response header.
     *
     * @param lowerCaseName the header name in lower case
     * @param connectionTokens the names listed in the response's {@code Connection} header
     * @param passServerHeaders whether the route passes {@code Server} and {@code X-Powered-By} on
     *     ({@code Route.passServerHeaders()})
     */
    public static ResponseHeaderRule of(String lowerCaseName, Set<String> connectionTokens, boolean passServerHeaders) {
        if (HopByHop.isHopByHop(lowerCaseName, connectionTokens)) {
            return DROP;
        }
        return switch (lowerCaseName) {
            case "location", "content-location" -> REWRITE_LOCATION;
            case "server", "x-powered-by" -> passServerHeaders ? PASS : DROP;
            case "via" -> PASS;
            default -> PASS;
        };
    }
}

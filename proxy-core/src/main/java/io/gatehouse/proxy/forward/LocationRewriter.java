package io.gatehouse.proxy.forward;

import java.util.Locale;

/**
 * Maps {@code Location} and {@code Content-Location} values that point at the upstream back to
 * the proxy's public address, so that redirects keep clients on the proxy and backends stay
 * hidden (what nginx's {@code proxy_redirect default} does).
 *
 * <p>An absolute URI on the upstream's host and port, or a path-absolute reference, has its
 * path mapped: the upstream prefix of the plan becomes the public prefix; failing that the
 * upstream's base path becomes the mount prefix. Anything else (other hosts, relative
 * references) is left unchanged.
 */
public final class LocationRewriter {

    private LocationRewriter() {
    }

    /**
     * Rewrites one header value.
     *
     * @param value the upstream's value
     * @param plan the plan the request was forwarded with (the engine's {@code ForwardPlan})
     * @param publicOrigin {@code scheme://host[:port]} as the client addressed the proxy
     */
    public static String rewrite(String value, LocationMapping plan, String publicOrigin) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (value.startsWith("/") && !value.startsWith("//")) {
            return mapPath(value, plan);
        }
        int schemeEnd = value.indexOf("://");
        if (schemeEnd <= 0) {
            return value;
        }
        String scheme = value.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return value;
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < value.length() && "/?#".indexOf(value.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        if (!isUpstream(value.substring(authorityStart, authorityEnd), scheme, plan)) {
            return value;
        }
        String rest = value.substring(authorityEnd);
        if (rest.isEmpty() || rest.charAt(0) != '/') {
            rest = "/" + rest;
        }
        return publicOrigin + mapPath(rest, plan);
    }

    private static boolean isUpstream(String authority, String scheme, LocationMapping plan) {
        int at = authority.lastIndexOf('@');
        String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
        String host = hostPort;
        int port = scheme.equals("https") ? 443 : 80;
        int colon = hostPort.lastIndexOf(':');
        int bracket = hostPort.lastIndexOf(']');
        if (colon > bracket) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String upstreamHost = plan.upstreamHost();
        if (upstreamHost.startsWith("[") && upstreamHost.endsWith("]")) {
            upstreamHost = upstreamHost.substring(1, upstreamHost.length() - 1);
        }
        return host.equalsIgnoreCase(upstreamHost) && port == plan.upstreamPort();
    }

    private static String mapPath(String pathAndRest, LocationMapping plan) {
        if (startsWithSegment(pathAndRest, plan.upstreamPrefix())) {
            return join(plan.publicPrefix(), pathAndRest.substring(plan.upstreamPrefix().length()));
        }
        String base = plan.upstreamBasePath();
        if (startsWithSegment(pathAndRest, base)) {
            return join(plan.mountPrefix(), pathAndRest.substring(base.length()));
        }
        return pathAndRest;
    }

    private static String join(String prefix, String rest) {
        if (rest.isEmpty()) {
            return prefix.isEmpty() ? "/" : prefix;
        }
        if (rest.charAt(0) != '/' && rest.charAt(0) != '?' && rest.charAt(0) != '#') {
            return prefix + "/" + rest;
        }
        return prefix + rest;
    }

    private static boolean startsWithSegment(String path, String prefix) {
        if (prefix.isEmpty()) {
            return true;
        }
        if (!path.startsWith(prefix)) {
            return false;
        }
        return path.length() == prefix.length() || "/?#".indexOf(path.charAt(prefix.length())) >= 0;
    }
}

package io.gatehouse.proxy;

import io.gatehouse.proxy.health.Endpoint;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One backend server a group can send requests to: an absolute {@code http} or {@code https}
 * URI, optionally with a base path that is put in front of every forwarded path, and a weight.
 * Immutable. Health checks, load balancers and attempts see it as an {@link Endpoint}.
 *
 * <p>{@code h2c://host:port} and {@code h2://host:port} name an upstream spoken to over HTTP/2
 * ({@link #http2()}): in cleartext with prior knowledge (RFC 9113 §3.3) and over TLS by ALPN
 * (RFC 9113 §3.2) respectively. Their {@link #scheme()}, {@link #origin()} and {@link #uri()}
 * are the {@code http} / {@code https} ones on the wire; the default id keeps the scheme as
 * written, so {@code h2c://a:1} and {@code http://a:1} are two upstreams.
 */
public final class Upstream implements Endpoint {

    private final String id;
    private final URI uri;
    private final int weight;
    private final String scheme;
    private final String host;
    private final int port;
    private final String origin;
    private final String basePath;
    private final boolean http2;

    private Upstream(String id, URI configured, int weight) {
        String written = configured.getScheme().toLowerCase(Locale.ROOT);
        this.http2 = written.equals("h2c") || written.equals("h2");
        this.scheme = written.equals("h2c") ? "http" : written.equals("h2") ? "https" : written;
        URI uri = http2 ? URI.create(scheme + configured.toString().substring(written.length())) : configured;
        this.uri = uri;
        this.weight = weight;
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(scheme) ? 443 : 80);
        String authorityHost = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        this.origin = scheme + "://" + authorityHost + ":" + port;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        this.basePath = path;
        this.id = id != null ? id : (http2 ? written + origin.substring(scheme.length()) : origin) + basePath;
    }

    /** The id, unique within its group; by default the URI normalised to {@code scheme://host:port/base}. */
    @Override
    public String id() {
        return id;
    }

    /** The URI as configured; for {@code h2c} / {@code h2}, with {@code http} / {@code https} in their place. */
    @Override
    public URI uri() {
        return uri;
    }

    /** The relative weight, at least 1. */
    @Override
    public int weight() {
        return weight;
    }

    /** {@code http} or {@code https} (also for {@code h2c} and {@code h2}: see {@link #http2()}). */
    @Override
    public String scheme() {
        return scheme;
    }

    /** Whether requests go to this upstream over HTTP/2 (configured as {@code h2c://} or {@code h2://}). */
    @Override
    public boolean http2() {
        return http2;
    }

    /** The host name or IP literal. */
    @Override
    public String host() {
        return host;
    }

    /** The port, explicit or the scheme's default. */
    @Override
    public int port() {
        return port;
    }

    /** {@code scheme://host:port}, with the port always present. */
    @Override
    public String origin() {
        return origin;
    }

    /** The raw base path without a trailing slash; empty when the URI has none. */
    @Override
    public String basePath() {
        return basePath;
    }

    @Override
    public String toString() {
        return id.equals(origin + basePath) || (http2 && id.endsWith(origin.substring(scheme.length()) + basePath))
                ? id : id + " (" + origin + basePath + ")";
    }

    /**
     * The URI as given with its user info, if any, replaced by {@code ***} (everything between
     * {@code ://} and the last {@code @}), so that a password is never echoed in a message.
     */
    static String maskUserInfo(String uri) {
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        return scheme < 0 || at < scheme ? uri : uri.substring(0, scheme + 3) + "***" + uri.substring(at);
    }

    /** Builds an {@link Upstream}; used inside {@link UpstreamGroup.Builder#upstream(String, java.util.function.Consumer)}. */
    public static final class Builder {

        private final String uri;
        private String id;
        private int weight = 1;

        Builder(String uri) {
            this.uri = Objects.requireNonNull(uri, "upstream uri");
        }

        /** Sets the id (default: the URI normalised to {@code scheme://host:port/base}); unique within the group. */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /** Sets the relative weight for weighted policies (default 1; must be at least 1). */
        public Builder weight(int weight) {
            this.weight = weight;
            return this;
        }

        /** Validates into {@code problems}; returns null when the upstream is unusable. */
        Upstream build(String groupId, List<String> problems) {
            String where = "upstream '" + maskUserInfo(uri) + "' in group '" + groupId + "'";
            int before = problems.size();
            URI parsed = null;
            try {
                parsed = new URI(uri);
            } catch (java.net.URISyntaxException e) {
                problems.add(where + ": not a valid URI (" + e.getReason() + "); use e.g. 'http://127.0.0.1:8080'");
            }
            if (parsed != null) {
                String scheme = parsed.getScheme();
                if (!parsed.isAbsolute() || scheme == null
                        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")
                        || scheme.equalsIgnoreCase("h2c") || scheme.equalsIgnoreCase("h2"))) {
                    problems.add(where + ": must be an absolute http or https URI (h2c or h2 for HTTP/2),"
                            + " e.g. 'http://127.0.0.1:8080'");
                } else if (parsed.getHost() == null) {
                    problems.add(where + ": has no host; use e.g. 'http://127.0.0.1:8080'");
                }
                if (parsed.getRawQuery() != null) {
                    problems.add(where + ": must not have a query ('?" + parsed.getRawQuery()
                            + "'); the client's query is forwarded as it is");
                }
                if (parsed.getRawFragment() != null) {
                    problems.add(where + ": must not have a fragment ('#" + parsed.getRawFragment() + "'); remove it");
                }
                if (parsed.getRawUserInfo() != null) {
                    problems.add(where + ": must not carry user info; send credentials with a header instead");
                }
            }
            if (weight < 1) {
                problems.add(where + ": weight " + weight + " is invalid (expected: 1 or more)");
            }
            if (problems.size() > before) {
                return null;
            }
            return new Upstream(id, parsed, weight);
        }
    }
}

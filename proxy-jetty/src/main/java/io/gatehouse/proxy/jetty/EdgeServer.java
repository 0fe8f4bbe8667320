package io.gatehouse.proxy.jetty;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;

/**
 * Settings for the host's Jetty server when Gatehouse faces the internet. Gatehouse runs
 * inside the host's server, so the HTTP parser's rules are the host's; these are the ones an
 * edge proxy wants:
 * <ul>
 *   <li>{@link HttpCompliance#STRICT}: RFC 9110/9112 with no leniency, so a bare LF line
 *       terminator is a 400 like every other framing ambiguity (Jetty's default already rejects
 *       {@code Content-Length} with {@code Transfer-Encoding}, several {@code Content-Length}s,
 *       obs-fold, bare CR, missing or duplicate {@code Host});</li>
 *   <li>{@link UriCompliance#DEFAULT}: ambiguous paths ({@code %2e%2e}, {@code %2f},
 *       {@code ..;}, backslashes) are a 400;</li>
 *   <li>no {@code Server} or {@code X-Powered-By} of the host; an 8 KiB request line and header
 *       limit (414 and 431 beyond);</li>
 *   <li>{@link ProblemErrorHandler}: those errors are problem+json.</li>
 * </ul>
 */
public final class EdgeServer {

    /** The default limit on the request line plus headers, as nginx's {@code large_client_header_buffers}. */
    public static final int DEFAULT_MAX_REQUEST_HEADER_SIZE = 8 * 1024;

    private EdgeServer() {
    }

    /** An HTTP configuration with the edge settings; add it to each connector's connection factory. */
    public static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setHttpCompliance(HttpCompliance.STRICT);
        http.setUriCompliance(UriCompliance.DEFAULT);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(DEFAULT_MAX_REQUEST_HEADER_SIZE);
        return http;
    }

    /** Installs the problem+json error handler on the server. */
    public static void installErrorHandler(Server server) {
        server.setErrorHandler(new ProblemErrorHandler());
    }
}

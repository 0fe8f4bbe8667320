package io.gatehouse.proxy.jetty.tls;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Sends the upstream's host name in the TLS {@code server_name} extension (SNI, RFC 6066 §3)
 * whenever it is a name, never when it is an IP literal.
 *
 * <p>The JDK sends SNI only for names with a dot, so an upstream addressed as {@code localhost}
 * or by a single-label service name ({@code users}, as in container networks) would get none
 * and a backend serving several names would pick its default certificate. This fills in the
 * peer host for those; names the JDK already set are kept, and a host that is not a valid DNS
 * name (e.g. with {@code _}) gets no SNI, as before.
 */
public final class UpstreamSni implements SslContextFactory.Client.SniProvider {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    @Override
    public List<SNIServerName> apply(SSLEngine sslEngine, List<SNIServerName> serverNames) {
        if (!serverNames.isEmpty()) {
            return serverNames;
        }
        String host = sslEngine.getPeerHost();
        if (host == null || host.isEmpty() || isIpLiteral(host)) {
            return serverNames;
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        try {
            return List.of(new SNIHostName(host.getBytes(StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException notADnsName) {
            return serverNames;
        }
    }

    /** RFC 6066 §3: "Literal IPv4 and IPv6 addresses are not permitted in HostName." */
    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.startsWith("[") || IPV4.matcher(host).matches();
    }
}

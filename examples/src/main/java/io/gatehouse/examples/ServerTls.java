package io.gatehouse.examples;

import java.nio.file.Path;

/**
 * How an {@link EmbeddedServer} terminates TLS: the key store with its certificate, whether the
 * {@code Host} must be a name of the certificate, HSTS, and a plain HTTP listener that only
 * redirects to HTTPS.
 *
 * @param keyStore a PKCS12 (or JKS) key store with the server's key and certificate chain
 * @param password the key store's password, also the key's
 * @param sniHostCheck whether a request's {@code Host} must be a name of the certificate (Jetty's
 *                     check, on for real certificates; off for a self-signed one, which clients
 *                     reach by whatever address they use)
 * @param hstsMaxAgeSeconds {@code Strict-Transport-Security: max-age} on HTTPS responses
 *                          (RFC 6797), or {@link #NO_HSTS}
 * @param redirectPort the plain HTTP port that redirects to HTTPS, or {@link #NO_REDIRECT}
 */
record ServerTls(Path keyStore, String password, boolean sniHostCheck, long hstsMaxAgeSeconds, int redirectPort) {

    /** No {@code Strict-Transport-Security} header. */
    static final long NO_HSTS = -1;
    /** No plain HTTP listener. */
    static final int NO_REDIRECT = -1;

    /** TLS with a key store, no HSTS, no redirect listener. */
    static ServerTls keyStore(Path keyStore, String password) {
        return new ServerTls(keyStore, password, true, NO_HSTS, NO_REDIRECT);
    }

    /** The same with {@code Strict-Transport-Security: max-age=SECONDS}. */
    ServerTls withHsts(long maxAgeSeconds) {
        return new ServerTls(keyStore, password, sniHostCheck, maxAgeSeconds, redirectPort);
    }

    /** The same with a plain HTTP listener on {@code httpPort} (0: any free port) that redirects to HTTPS. */
    ServerTls withRedirectFrom(int httpPort) {
        return new ServerTls(keyStore, password, sniHostCheck, hstsMaxAgeSeconds, httpPort);
    }

    /** The same, serving whatever {@code Host} a client names. */
    ServerTls withoutSniHostCheck() {
        return new ServerTls(keyStore, password, false, hstsMaxAgeSeconds, redirectPort);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "ServerTls[" + keyStore + ", hsts=" + hstsMaxAgeSeconds + ", redirectPort=" + redirectPort + "]";
    }
}

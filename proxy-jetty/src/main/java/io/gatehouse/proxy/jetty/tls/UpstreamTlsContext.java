package io.gatehouse.proxy.jetty.tls;

import io.gatehouse.proxy.UpstreamTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Turns the core's {@link UpstreamTls} into the {@link SslContextFactory.Client} of the proxy's
 * upstream client: the trust (the configured store, or the JVM's default), the client
 * certificate, host name verification and SNI ({@link UpstreamSni}).
 *
 * <p>The {@link SSLContext} is built here rather than by pointing Jetty at the files: given a key
 * store but no trust store, Jetty would trust the key store's own certificates instead of the
 * JVM's default trust.
 */
public final class UpstreamTlsContext {

    private UpstreamTlsContext() {
    }

    /**
     * The client-side TLS settings for {@code https} upstreams; reads the stores.
     *
     * @throws IllegalStateException naming the store that cannot be read
     */
    public static SslContextFactory.Client create(UpstreamTls tls) {
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        ssl.setSslContext(sslContext(tls));
        // RFC 9110 §4.3.4, RFC 6125: the certificate must name the host connected to.
        ssl.setEndpointIdentificationAlgorithm(tls.hostnameVerification() ? "HTTPS" : null);
        ssl.setSNIProvider(new UpstreamSni());
        return ssl;
    }

    private static SSLContext sslContext(UpstreamTls tls) {
        try {
            KeyManager[] keyManagers = null;
            if (tls.keyStore() != null) {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load("clientCertificate", tls.keyStore(), tls.keyStorePassword(), tls.keyStoreType()),
                        tls.keyStorePassword().toCharArray());
                keyManagers = keys.getKeyManagers();
            }
            TrustManager[] trustManagers = null; // null: the JVM's default trust
            if (tls.trustStore() != null) {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load("trustStore", tls.trustStore(), tls.trustStorePassword(), tls.trustStoreType()));
                trustManagers = trust.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("upstreamTls: cannot set up TLS for upstreams (" + e.getMessage() + ")", e);
        }
    }

    private static KeyStore load(String name, Path file, String password, String type) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("upstreamTls " + name + ": '" + file + "' cannot be read as " + type
                    + " (" + e.getMessage() + "); check the file and its password", e);
        }
    }
}

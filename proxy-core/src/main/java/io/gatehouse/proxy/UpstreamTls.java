package io.gatehouse.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * How the proxy speaks TLS to its {@code https} upstreams: which certificates it trusts, which
 * client certificate it shows (mutual TLS), and whether it checks the upstream's host name.
 * Immutable; one per {@link ProxyConfig}, for every upstream.
 *
 * <pre>{@code
 * UpstreamTls tls = UpstreamTls.builder()
 *     .trustStore(Path.of("/etc/gatehouse/upstream-ca.p12"), System.getenv("TRUST_PASSWORD"))
 *     .clientCertificate(Path.of("/etc/gatehouse/proxy-client.p12"), System.getenv("CLIENT_PASSWORD"))
 *     .build();
 * ProxyConfig config = ProxyConfig.builder().upstreamTls(tls) ... .build();
 * }</pre>
 *
 * <p>Without a trust store the JVM's default trust (its {@code cacerts}) applies, as for any Java
 * HTTPS client. Host name verification (RFC 9110 §4.3.4, RFC 6125) is on unless
 * {@link Builder#disableHostnameVerification()} turns it off; the certificate chain is checked
 * against the trust store either way. The stores are read when the proxy's HTTP client starts,
 * so a new {@code UpstreamTls} passed to {@code update(config)} applies only after a restart.
 */
public final class UpstreamTls {

    /** The key store type used unless told otherwise. */
    public static final String DEFAULT_STORE_TYPE = "PKCS12";

    private static final UpstreamTls SYSTEM_DEFAULT = new UpstreamTls(null, null, DEFAULT_STORE_TYPE,
            null, null, DEFAULT_STORE_TYPE, true);

    private final Path trustStore;
    private final String trustStorePassword;
    private final String trustStoreType;
    private final Path keyStore;
    private final String keyStorePassword;
    private final String keyStoreType;
    private final boolean hostnameVerification;

    private UpstreamTls(Path trustStore, String trustStorePassword, String trustStoreType,
                        Path keyStore, String keyStorePassword, String keyStoreType, boolean hostnameVerification) {
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
        this.trustStoreType = trustStoreType;
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
        this.keyStoreType = keyStoreType;
        this.hostnameVerification = hostnameVerification;
    }

    /** The JVM's default trust, host names verified, no client certificate: what applies unless configured. */
    public static UpstreamTls systemDefault() {
        return SYSTEM_DEFAULT;
    }

    /** Starts a configuration; everything not set keeps the {@link #systemDefault()} value. */
    public static Builder builder() {
        return new Builder();
    }

    /** The trust store file, or null to use the JVM's default trust. */
    public Path trustStore() {
        return trustStore;
    }

    /** The trust store's password, or null when there is no trust store. */
    public String trustStorePassword() {
        return trustStorePassword;
    }

    /** The trust store's type, e.g. {@code PKCS12} (the default) or {@code JKS}. */
    public String trustStoreType() {
        return trustStoreType;
    }

    /** The key store holding the client certificate and its private key, or null for none. */
    public Path keyStore() {
        return keyStore;
    }

    /** The key store's password (also the key's), or null when there is no client certificate. */
    public String keyStorePassword() {
        return keyStorePassword;
    }

    /** The key store's type, e.g. {@code PKCS12} (the default) or {@code JKS}. */
    public String keyStoreType() {
        return keyStoreType;
    }

    /** Whether the upstream's certificate must name the host the proxy connects to (default true). */
    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    /** Describes the settings without the passwords. */
    @Override
    public String toString() {
        return "UpstreamTls[trustStore=" + (trustStore == null ? "JVM default" : trustStore + " (" + trustStoreType + ")")
                + ", clientCertificate=" + (keyStore == null ? "none" : keyStore + " (" + keyStoreType + ")")
                + ", hostnameVerification=" + hostnameVerification + "]";
    }

    /** Builds an {@link UpstreamTls}; {@link #build()} may be called more than once. */
    public static final class Builder {

        private Path trustStore;
        private String trustStorePassword;
        private String trustStoreType = DEFAULT_STORE_TYPE;
        private Path keyStore;
        private String keyStorePassword;
        private String keyStoreType = DEFAULT_STORE_TYPE;
        private boolean hostnameVerification = true;

        private Builder() {
        }

        /** Trusts the certificates in a PKCS12 trust store instead of the JVM's default trust. */
        public Builder trustStore(Path file, String password) {
            return trustStore(file, password, DEFAULT_STORE_TYPE);
        }

        /** Trusts the certificates in a trust store of the given type, e.g. {@code JKS}. */
        public Builder trustStore(Path file, String password, String type) {
            this.trustStore = Objects.requireNonNull(file, "trustStore");
            this.trustStorePassword = Objects.requireNonNull(password, "trustStore password");
            this.trustStoreType = Objects.requireNonNull(type, "trustStore type");
            return this;
        }

        /**
         * Shows the client certificate of a PKCS12 key store to upstreams that ask for one (mutual
         * TLS); the private key's password is the store's.
         */
        public Builder clientCertificate(Path keyStore, String password) {
            return clientCertificate(keyStore, password, DEFAULT_STORE_TYPE);
        }

        /** Shows the client certificate of a key store of the given type, e.g. {@code JKS}. */
        public Builder clientCertificate(Path keyStore, String password, String type) {
            this.keyStore = Objects.requireNonNull(keyStore, "clientCertificate key store");
            this.keyStorePassword = Objects.requireNonNull(password, "clientCertificate password");
            this.keyStoreType = Objects.requireNonNull(type, "clientCertificate type");
            return this;
        }

        /**
         * Accepts an upstream certificate that does not name the host connected to, as long as it
         * chains to a trusted certificate. Only for upstreams addressed by a name their
         * certificate does not carry (e.g. an IP); anyone holding any certificate from the same
         * trust store can then pose as the upstream.
         */
        public Builder disableHostnameVerification() {
            this.hostnameVerification = false;
            return this;
        }

        /**
         * Checks that each store exists, opens with its password and holds what it is for (trusted
         * certificates; a private key with its certificate), and builds the value.
         *
         * @throws ProxyConfigException listing every problem found
         */
        public UpstreamTls build() {
            List<String> problems = new ArrayList<>();
            if (trustStore != null) {
                check("upstreamTls trustStore", trustStore, trustStorePassword, trustStoreType, false, problems);
            }
            if (keyStore != null) {
                check("upstreamTls clientCertificate", keyStore, keyStorePassword, keyStoreType, true, problems);
            }
            if (!problems.isEmpty()) {
                throw new ProxyConfigException(problems);
            }
            return new UpstreamTls(trustStore, trustStorePassword, trustStoreType,
                    keyStore, keyStorePassword, keyStoreType, hostnameVerification);
        }

        private static void check(String name, Path file, String password, String type, boolean needsKey,
                                  List<String> problems) {
            KeyStore store;
            try {
                store = KeyStore.getInstance(type);
            } catch (GeneralSecurityException e) {
                problems.add(name + ": type '" + type + "' is unknown to this JVM (expected: PKCS12 or JKS)");
                return;
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                problems.add(name + ": '" + file + "' is not a readable file (expected: a " + type
                        + " key store; check the path)");
                return;
            }
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, password.toCharArray());
            } catch (IOException | GeneralSecurityException e) {
                problems.add(name + ": '" + file + "' cannot be opened as " + type + " with the password given ("
                        + e.getMessage() + "); check the password and the type");
                return;
            }
            try {
                boolean found = false;
                for (String alias : Collections.list(store.aliases())) {
                    found |= needsKey ? store.isKeyEntry(alias) && store.getCertificate(alias) != null
                            : store.getCertificate(alias) != null;
                }
                if (!found) {
                    problems.add(name + ": '" + file + "' holds no " + (needsKey
                            ? "private key with a certificate (expected: the client's key and certificate chain)"
                            : "certificate (expected: the certificates of the upstreams or of their CA)"));
                }
            } catch (GeneralSecurityException e) {
                problems.add(name + ": '" + file + "' cannot be read (" + e.getMessage() + ")");
            }
        }
    }
}

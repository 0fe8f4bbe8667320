package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.jetty.tls.CertificateSigner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A freshly generated key pair and a self-signed certificate for some host names and IP
 * addresses, for trying TLS out and for tests — not for production, where certificates come
 * from a CA (ACME, the company's PKI) and keys are kept by whoever runs the service.
 *
 * <pre>{@code
 * SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "127.0.0.1");
 * cert.writeKeyStore(dir.resolve("server.p12"), "secret");     // for the server
 * cert.writeTrustStore(dir.resolve("trust.p12"), "secret");    // for its clients
 * System.out.println(cert.sha256Fingerprint());
 * }</pre>
 *
 * <p>The key is EC P-256, the signature SHA256withECDSA; the certificate names each host in its
 * subject alternative names (RFC 5280 §4.2.1.6; the first also as the subject's CN), is not a CA,
 * and may serve as a TLS server or client certificate. Generating it needs BouncyCastle
 * ({@code org.bouncycastle:bcpkix-jdk18on}) on the class path, an optional dependency of
 * proxy-jetty (ADR 0006); no security provider is installed, the JDK's own sign and parse.
 */
public final class SelfSignedCertificate {

    /** How long a certificate is valid unless told otherwise. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(90);

    /** The alias of the key (key store) and certificate (trust store) entries. */
    public static final String ALIAS = "gatehouse";

    private final List<String> names;
    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private SelfSignedCertificate(List<String> names, PrivateKey privateKey, X509Certificate certificate) {
        this.names = names;
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /**
     * Generates a certificate valid from an hour ago (for clock skew) for {@link #DEFAULT_VALIDITY}.
     *
     * @param names host names ({@code localhost}, {@code *.example.test}) and IP literals
     *              ({@code 127.0.0.1}, {@code ::1}); at least one
     */
    public static SelfSignedCertificate generate(String... names) {
        return generate(List.of(names), Instant.now(), DEFAULT_VALIDITY);
    }

    /**
     * Generates a certificate valid from an hour before {@code now} until {@code now + validity}.
     *
     * @throws IllegalArgumentException when there are no names or the validity is not positive
     * @throws IllegalStateException when BouncyCastle is not on the class path
     */
    public static SelfSignedCertificate generate(List<String> names, Instant now, Duration validity) {
        List<String> copy = List.copyOf(names);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("names: [] (expected: at least one host name or IP, e.g. localhost)");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity: " + validity + " (expected: positive, e.g. P90D)");
        }
        Objects.requireNonNull(now, "now");
        KeyPair keyPair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keyPair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate an EC P-256 key pair", e);
        }
        X509Certificate certificate;
        try {
            certificate = CertificateSigner.selfSign(keyPair, copy, now.minus(Duration.ofHours(1)), now.plus(validity));
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("SelfSignedCertificate needs BouncyCastle: add the dependency"
                    + " org.bouncycastle:bcpkix-jdk18on", e);
        }
        return new SelfSignedCertificate(copy, keyPair.getPrivate(), certificate);
    }

    /** The names the certificate is for, in the order given. */
    public List<String> names() {
        return names;
    }

    /** The certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The SHA-256 fingerprint of the certificate, as {@code openssl x509 -fingerprint -sha256} prints it ({@code AB:12:...}). */
    public String sha256Fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 of the certificate", e);
        }
    }

    /** The certificate in PEM (RFC 7468), e.g. for {@code curl --cacert}. */
    public String pem() {
        try {
            Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
            return "-----BEGIN CERTIFICATE-----\n" + base64.encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("encoding the certificate", e);
        }
    }

    /** A PKCS12 key store with the private key and the certificate under {@link #ALIAS}; the key's password is the store's. */
    public KeyStore keyStore(String password) {
        KeyStore store = emptyPkcs12();
        try {
            store.setKeyEntry(ALIAS, privateKey, password.toCharArray(), new Certificate[] {certificate});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("adding the key to a PKCS12 key store", e);
        }
        return store;
    }

    /** A PKCS12 trust store with the certificate as a trusted entry under {@link #ALIAS}. */
    public KeyStore trustStore() {
        KeyStore store = emptyPkcs12();
        try {
            store.setCertificateEntry(ALIAS, certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("adding the certificate to a PKCS12 trust store", e);
        }
        return store;
    }

    /** Writes {@link #keyStore(String)} to a file readable by its owner only (where the file system allows). */
    public Path writeKeyStore(Path file, String password) throws IOException {
        createOwnerOnly(file);
        return write(keyStore(password), file, password);
    }

    /** Writes {@link #trustStore()} to a file, protected by the password. */
    public Path writeTrustStore(Path file, String password) throws IOException {
        return write(trustStore(), file, password);
    }

    /** Writes {@link #pem()} to a file. */
    public Path writePem(Path file) throws IOException {
        return Files.writeString(file, pem(), StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate" + names + " SHA-256 " + sha256Fingerprint();
    }

    private static KeyStore emptyPkcs12() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no PKCS12 key store", e);
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
    }

    private static Path write(KeyStore store, Path file, String password) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("writing " + file + " failed", e);
        }
        return file;
    }
}

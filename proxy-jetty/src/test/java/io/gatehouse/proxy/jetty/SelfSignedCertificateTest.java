package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SelfSignedCertificate}: names, validity, usages, stores and PEM of a generated certificate. */
class SelfSignedCertificateTest {

    @TempDir
    Path dir;

    @Test
    void namesAreSubjectAlternativeNamesAsDnsOrIpAndTheFirstIsTheCommonName() throws Exception {
        X509Certificate certificate = SelfSignedCertificate.generate("localhost", "127.0.0.1", "::1").certificate();

        Set<List<?>> alternativeNames = certificate.getSubjectAlternativeNames().stream()
                .map(name -> List.of(name.get(0), name.get(1))).collect(Collectors.toSet());
        // RFC 5280 §4.2.1.6: dNSName is type 2, iPAddress type 7
        assertEquals(Set.of(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1")),
                alternativeNames);
        assertEquals("CN=localhost,O=Gatehouse self-signed", certificate.getSubjectX500Principal().getName());
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        certificate.verify(certificate.getPublicKey());
    }

    @Test
    void certificateIsAnEndEntityForTlsServersAndClients() throws Exception {
        X509Certificate certificate = SelfSignedCertificate.generate("localhost").certificate();

        assertEquals(-1, certificate.getBasicConstraints(), "not a CA");
        assertTrue(certificate.getKeyUsage()[0], "digitalSignature");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), certificate.getExtendedKeyUsage());
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        assertEquals(3, certificate.getVersion());
    }

    @Test
    void validityStartsAnHourEarlyAndLastsAsAsked() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");

        X509Certificate certificate = SelfSignedCertificate.generate(List.of("localhost"), now, Duration.ofDays(7))
                .certificate();

        assertEquals(Instant.parse("2026-01-01T11:00:00Z"), certificate.getNotBefore().toInstant());
        assertEquals(Instant.parse("2026-01-08T12:00:00Z"), certificate.getNotAfter().toInstant());
    }

    @Test
    void eachCertificateHasItsOwnKeyAndSerial() {
        SelfSignedCertificate a = SelfSignedCertificate.generate("localhost");
        SelfSignedCertificate b = SelfSignedCertificate.generate("localhost");

        assertNotEquals(a.certificate().getSerialNumber(), b.certificate().getSerialNumber());
        assertNotEquals(a.certificate().getPublicKey(), b.certificate().getPublicKey());
        assertTrue(a.certificate().getSerialNumber().signum() > 0);
    }

    @Test
    void fingerprintIsTheColonSeparatedSha256OfTheDerEncoding() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("localhost");

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.certificate().getEncoded());
        assertEquals(HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest), certificate.sha256Fingerprint());
        assertEquals(32 * 3 - 1, certificate.sha256Fingerprint().length());
    }

    @Test
    void writtenKeyStoreOpensWithItsPasswordAndIsReadableByItsOwnerOnly() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("localhost");

        Path file = certificate.writeKeyStore(dir.resolve("server.p12"), "pw-1");

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, "pw-1".toCharArray());
        }
        assertTrue(store.isKeyEntry(SelfSignedCertificate.ALIAS));
        assertEquals(certificate.privateKey(), store.getKey(SelfSignedCertificate.ALIAS, "pw-1".toCharArray()));
        assertEquals(certificate.certificate(), store.getCertificate(SelfSignedCertificate.ALIAS));
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void writtenTrustStoreHoldsTheCertificateAsATrustedEntry() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("localhost");

        Path file = certificate.writeTrustStore(dir.resolve("trust.p12"), "pw-2");

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, "pw-2".toCharArray());
        }
        assertTrue(store.isCertificateEntry(SelfSignedCertificate.ALIAS));
        assertEquals(certificate.certificate(), store.getCertificate(SelfSignedCertificate.ALIAS));
    }

    @Test
    void pemParsesBackToTheSameCertificate() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate("localhost");

        String pem = Files.readString(certificate.writePem(dir.resolve("cert.pem")));

        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n"), pem);
        assertTrue(pem.endsWith("\n-----END CERTIFICATE-----\n"), pem);
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(certificate.certificate().getEncoded(), parsed.getEncoded());
    }

    @Test
    void noNamesOrNoValidityIsRejectedWithWhatWasExpected() {
        IllegalArgumentException noNames = assertThrows(IllegalArgumentException.class, SelfSignedCertificate::generate);
        assertEquals("names: [] (expected: at least one host name or IP, e.g. localhost)", noNames.getMessage());

        IllegalArgumentException noValidity = assertThrows(IllegalArgumentException.class,
                () -> SelfSignedCertificate.generate(List.of("localhost"), Instant.now(), Duration.ZERO));
        assertEquals("validity: PT0S (expected: positive, e.g. P90D)", noValidity.getMessage());
    }
}

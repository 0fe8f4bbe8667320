package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The quick start with {@code --tls-self-signed}: the host application and the proxy in it answer over HTTPS. */
class QuickStartTlsTest {

    @Test
    void hostApplicationAndProxyAnswerOverHttpsAndTheWelcomeSaysHowToTrustTheCertificate() throws Exception {
        StartupCertificate certificate = StartupCertificate.generate(QuickStart.HOST);
        try (QuickStart quickStart = QuickStart.start(0, certificate)) {
            URI base = quickStart.uri();
            assertEquals("https", base.getScheme());

            HttpResponse<String> response = Http.get(Http.trusting(certificate.certificate().trustStore()),
                    URI.create(base + "/api/orders/42?x=1"));

            assertEquals(200, response.statusCode());
            assertEquals(new Echo("orders-1", "GET", "/v1/42", "x=1"), Echo.parse(response.body()));
            StringWriter text = new StringWriter();
            quickStart.printWelcome(new PrintWriter(text));
            String welcome = text.toString();
            assertTrue(welcome.contains("SHA-256 fingerprint " + certificate.certificate().sha256Fingerprint()), welcome);
            assertTrue(welcome.contains("curl --cacert " + certificate.pem() + " -s " + base + "/api/users/7"), welcome);
        }
    }
}

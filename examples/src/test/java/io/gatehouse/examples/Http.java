package io.gatehouse.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** HTTP/1.1 GETs for the tests, with a deadline on each; plain, or HTTPS trusting a given certificate. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return get(CLIENT, uri);
    }

    static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A client that trusts only the certificates of {@code trustStore} (and checks host names, as browsers do). */
    static HttpClient trusting(KeyStore trustStore) throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(tls)
                .build();
    }

    /** GETs {@code pathAndQuery} on {@code base} and reads the demo backend's answer. */
    static Echo echo(URI base, String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = get(URI.create(base + pathAndQuery));
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + pathAndQuery + ": status " + response.statusCode() + ", body " + response.body());
        }
        return Echo.parse(response.body());
    }
}

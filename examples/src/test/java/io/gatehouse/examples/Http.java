package io.gatehouse.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP/1.1 GETs for the tests, with a deadline on each. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
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

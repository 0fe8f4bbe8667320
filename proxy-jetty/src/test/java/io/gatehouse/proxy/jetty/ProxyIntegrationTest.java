package io.gatehouse.proxy.jetty;

import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the integration tests: one real HTTP client per test class, which does not follow
 * redirects. Each test starts its own backends and proxy on 127.0.0.1, port 0
 * ({@link Backend}, {@link ProxyUnderTest}).
 */
abstract class ProxyIntegrationTest {

    static HttpClient client;

    @BeforeAll
    static void startClient() throws Exception {
        client = new HttpClient();
        client.setFollowRedirects(false);
        client.start();
    }

    @AfterAll
    static void stopClient() throws Exception {
        client.stop();
    }
}

package io.gatehouse.proxy.jetty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gatehouse.proxy.ProxyConfig;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy in front of a WireMock (Jetty 12 flavour) upstream, as a team would test its own gateway. */
class WireMockBackendTest {

    private WireMockServer upstream;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        upstream = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        upstream.start();
        client = new HttpClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        upstream.stop();
    }

    @Test
    void getAndPostReachTheUpstreamWithRewrittenPathAndProxyHeaders() throws Exception {
        upstream.stubFor(get(urlEqualTo("/v1/users/7?expand=orders")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"id\":7}")));
        upstream.stubFor(post(urlEqualTo("/v1/users")).willReturn(aResponse().withStatus(201).withBody("created")));
        try (ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                .upstreamGroup("users", g -> g.upstream(upstream.baseUrl() + "/v1"))
                .route("users", r -> r.pathPrefix("/users").to("users"))
                .build())) {
            ContentResponse got = client.GET(proxy.uri("/api/users/7?expand=orders"));
            assertEquals(200, got.getStatus());
            assertEquals("{\"id\":7}", got.getContentAsString());
            assertEquals("application/json", got.getMediaType());

            ContentResponse posted = client.POST(proxy.uri("/api/users"))
                    .body(new StringRequestContent("application/json", "{\"name\":\"ada\"}")).send();
            assertEquals(201, posted.getStatus());

            upstream.verify(getRequestedFor(urlEqualTo("/v1/users/7?expand=orders"))
                    .withHeader("X-Forwarded-Prefix", equalTo("/api"))
                    .withHeader("Via", equalTo("1.1 gatehouse")));
            upstream.verify(postRequestedFor(urlEqualTo("/v1/users"))
                    .withRequestBody(equalTo("{\"name\":\"ada\"}")));
        }
    }
}

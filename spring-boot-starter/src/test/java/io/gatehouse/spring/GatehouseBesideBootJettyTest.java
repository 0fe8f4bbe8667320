package io.gatehouse.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * ADR 0018's choice in one JVM: a Spring MVC application served by Boot's own Jetty (ee11
 * servlets) and Gatehouse on its own ee10 Jetty server, both Jetty 12.1.12, each on its port.
 */
class GatehouseBesideBootJettyTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @RestController
    static class WebApp {
        @GetMapping("/hello")
        String hello() {
            return "hello from the app";
        }
    }

    @Test
    void bootsJettyAndGatehousesServerServeSideBySide() throws Exception {
        WireMockServer backend = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        backend.start();
        backend.stubFor(get(urlEqualTo("/users/7")).willReturn(aResponse().withStatus(200).withBody("user 7")));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebApp.class).web(WebApplicationType.SERVLET)
                .properties("spring.config.location=classpath:gatehouse-app.yml", "spring.main.banner-mode=off",
                        "backend.url=" + backend.baseUrl(), "server.port=0", "server.address=127.0.0.1")
                .run()) {
            Object webServer = context.getClass().getMethod("getWebServer").invoke(context);
            assertTrue(webServer.getClass().getName().contains("Jetty"), webServer.getClass().getName());
            int appPort = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            int gatehousePort = context.getBean(GatehouseServer.class).port();
            assertNotEquals(appPort, gatehousePort);

            HttpResponse<String> app = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, app.statusCode());
            assertEquals("hello from the app", app.body());

            HttpResponse<String> proxied = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gatehousePort + "/api/users/7")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, proxied.statusCode(), proxied.body());
            assertEquals("user 7", proxied.body());
        } finally {
            backend.stop();
        }
    }
}

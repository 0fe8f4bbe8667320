package io.gatehouse.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.config.ConfigFileException;
import io.gatehouse.proxy.dns.ResolvedNames;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Issue 14's Boot application test: a real Spring Boot application with the starter on its class
 * path reads {@code gatehouse:} from its YAML and serves the proxy on Gatehouse's own port, in
 * front of a WireMock backend; a bad {@code gatehouse:} fails the start with the property and the
 * file, line and column where it was written.
 */
class GatehouseStarterTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class AppWithCustomizer {
        static final List<String> CALLED = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Bean
        GatehouseCustomizer recordingCustomizer() {
            return (servlet, context) -> CALLED.add(servlet.config().routes().get(0).id() + " at " + context.getContextPath());
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class AppWithMeters {
        @Bean
        io.micrometer.core.instrument.MeterRegistry meterRegistry() {
            return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class AppWithFakeDns {
        static final java.util.concurrent.atomic.AtomicReference<List<java.net.InetAddress>> ANSWER =
                new java.util.concurrent.atomic.AtomicReference<>();
        static final java.util.concurrent.atomic.AtomicLong NANOS = new java.util.concurrent.atomic.AtomicLong(1);

        @Bean
        ResolvedNames fakeNames() {
            return new ResolvedNames(host -> {
                if (!host.equals("backend.test")) {
                    throw new java.net.UnknownHostException(host);
                }
                return ANSWER.get();
            }, NANOS::get);
        }
    }

    private WireMockServer backend;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startBackend() {
        backend = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        backend.start();
        backend.stubFor(get(urlEqualTo("/users/7")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":7}")));
    }

    @AfterEach
    void stopBackend() {
        backend.stop();
    }

    private static SpringApplicationBuilder app(Class<?> source, String configFile, String... properties) {
        return new SpringApplicationBuilder(source).web(WebApplicationType.NONE)
                .properties("spring.config.location=classpath:" + configFile, "spring.main.banner-mode=off")
                .properties(properties);
    }

    @Test
    void aBootApplicationServesTheProxyFromItsConfiguration() throws Exception {
        int port;
        try (ConfigurableApplicationContext context = app(AppWithCustomizer.class, "gatehouse-app.yml",
                "backend.url=" + backend.baseUrl()).run()) {
            GatehouseServer server = context.getBean(GatehouseServer.class);
            assertTrue(server.isRunning());
            port = server.port();
            assertTrue(port > 0);
            assertEquals(List.of("users at /"), AppWithCustomizer.CALLED, "customizers run before the start");
            ProxyConfig config = context.getBean(ProxyConfig.class);
            assertEquals(URI.create(backend.baseUrl()), config.upstreamGroups().get("users").upstreams().get(0).uri(),
                    "the placeholder was resolved");

            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/users/7")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("{\"id\":7}", response.body());
            backend.verify(getRequestedFor(urlEqualTo("/users/7")));

            HttpResponse<String> noRoute = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/elsewhere")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, noRoute.statusCode());
            assertTrue(noRoute.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        }
        int closedPort = port;
        assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + closedPort + "/api/users/7")).build(), HttpResponse.BodyHandlers.ofString()),
                "the server stopped with the context");
    }

    @Test
    void metricsGoToTheApplicationsMeterRegistry() throws Exception {
        try (ConfigurableApplicationContext context = app(AppWithMeters.class, "gatehouse-app.yml",
                "backend.url=" + backend.baseUrl()).run()) {
            int port = context.getBean(GatehouseServer.class).port();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/users/7")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
            }
            io.micrometer.core.instrument.MeterRegistry registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            org.awaitility.Awaitility.await("three requests timed").atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    registry.find("gatehouse.requests").tag("route", "users").timers().stream().mapToLong(t -> t.count()).sum() == 3);
            assertTrue(registry.find("gatehouse.upstream.health").gauges().size() > 0, "health gauges of the servlet's upstreams");
        }
    }

    @Test
    void dnsRefreshGroupsAreResolvedAgainByTheServer() throws Exception {
        AppWithFakeDns.ANSWER.set(List.of(java.net.InetAddress.getByName("127.0.0.1")));
        try (ConfigurableApplicationContext context = app(AppWithFakeDns.class, "gatehouse-app.yml",
                "backend.url=http://backend.test:" + backend.port(), "gatehouse.groups.users.dnsRefresh=5s").run()) {
            GatehouseServer server = context.getBean(GatehouseServer.class);
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/users/7")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "backend.test resolved to WireMock's address: " + response.body());

            AppWithFakeDns.ANSWER.set(List.of(java.net.InetAddress.getByName("127.0.0.1"), java.net.InetAddress.getByName("127.0.0.2")));
            assertFalse(server.refreshNames(), "not due yet");
            AppWithFakeDns.NANOS.addAndGet(java.time.Duration.ofSeconds(5).toNanos());
            assertTrue(server.refreshNames());
            assertEquals(List.of(URI.create("http://127.0.0.1:" + backend.port()), URI.create("http://127.0.0.2:" + backend.port())),
                    server.servlet().config().upstreamGroups().get("users").upstreams().stream().map(u -> u.uri()).toList());
        }
    }

    @Test
    void aBadGatehouseConfigurationFailsTheStartWithItsPlace() {
        Throwable failure = assertThrows(Throwable.class, () -> app(App.class, "gatehouse-bad.yml").run().close());
        ConfigFileException bad = cause(failure, ConfigFileException.class);
        assertNotNull(bad, "the cause is the configuration's problems: " + failure);
        assertEquals(List.of(
                "class path resource [gatehouse-bad.yml]:8:15: gatehouse.groups.users.colour: unknown key (known here: dnsRefresh, upstreams, discovered,"
                        + " loadBalancer, healthCheck, outlierDetection, slowStart, panicMode, maxRequestsPerUpstream, sessionAffinity)",
                "class path resource [gatehouse-bad.yml]:13:28: gatehouse.routes[0].retry.maxAttempts: 'lots' is not a whole number (expected: e.g. 3)"),
                bad.problems());
    }

    @Test
    void nothingConfiguredIsAClearError() {
        Throwable failure = assertThrows(Throwable.class, () -> app(App.class, "nothing.yml").run().close());
        ConfigFileException bad = cause(failure, ConfigFileException.class);
        assertNotNull(bad, failure.toString());
        assertTrue(bad.problems().get(0).contains("nothing configured; declare 'gatehouse.groups' and 'gatehouse.routes'"),
                bad.problems().toString());
    }

    @Test
    void gatehouseEnabledFalseTurnsItOff() {
        try (ConfigurableApplicationContext context = app(App.class, "gatehouse-bad.yml", "gatehouse.enabled=false").run()) {
            assertFalse(context.containsBean("gatehouseServer"));
        }
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

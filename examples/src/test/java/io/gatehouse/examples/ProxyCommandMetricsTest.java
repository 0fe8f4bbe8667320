package io.gatehouse.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gatehouse proxy --admin-port 0 --access-log json}: Prometheus metrics at /metrics on loopback. */
class ProxyCommandMetricsTest {

    @Test
    void metricsAreScrapedFromTheAdminPort() throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            ProxyCommand command = new ProxyCommand();
            new CommandLine(command).parseArgs("--listen", "127.0.0.1:0", "--to", backend.uri().toString(),
                    "--admin-port", "0", "--access-log", "json", "--trace-context", "start");
            try (EmbeddedServer proxy = command.start()) {
                URI metrics = command.observability.metricsUri();
                assertNotNull(metrics);
                assertEquals("127.0.0.1", metrics.getHost(), "loopback only");
                for (int i = 0; i < 3; i++) {
                    assertEquals(200, Http.get(URI.create(proxy.uri() + "/items/" + i)).statusCode());
                }
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    HttpResponse<String> scrape = Http.get(metrics);
                    assertEquals(200, scrape.statusCode());
                    assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
                    assertTrue(Pattern.compile("(?m)^gatehouse_requests_seconds_count\\{method=\"GET\",outcome=\"upstream\","
                            + "route=\"[^\"]+\",status=\"2xx\"} 3(\\.0)?$").matcher(scrape.body()).find(), scrape.body());
                    assertTrue(scrape.body().contains("gatehouse_upstream_health{"), scrape.body());
                });
                assertEquals(404, Http.get(metrics.resolve("/other")).statusCode());
            }
        }
    }

    @Test
    void withAConfigFileTooTheMetricsSurviveAReload(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (DemoBackend backend = DemoBackend.start("a")) {
            java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("gatehouse.yaml"), "groups:\n  app: {upstreams: ["
                    + backend.uri() + "]}\nroutes:\n  - {id: site, pathPrefix: /, to: app}\n");
            ProxyCommand command = new ProxyCommand();
            new CommandLine(command).parseArgs("--listen", "127.0.0.1:0", "--config", file.toString(), "--admin-port", "0");
            try (EmbeddedServer proxy = command.start()) {
                URI metrics = command.observability.metricsUri();
                assertEquals(200, Http.get(URI.create(proxy.uri() + "/a")).statusCode());
                java.nio.file.Files.writeString(file, "groups:\n  app: {upstreams: [" + backend.uri()
                        + "]}\nroutes:\n  - {id: renamed, pathPrefix: /, to: app}\n");
                await().atMost(Duration.ofSeconds(10)).until(() -> command.servlet.config().routes().get(0).id().equals("renamed"));
                assertEquals(200, Http.get(URI.create(proxy.uri() + "/b")).statusCode());
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    String body = Http.get(metrics).body();
                    assertTrue(body.contains("route=\"site\",status=\"2xx\"} 1"), body);
                    assertTrue(body.contains("route=\"renamed\",status=\"2xx\"} 1"), body);
                });
            }
        }
    }

    @Test
    void aBadAccessLogFormatIsAUsageError() {
        CommandLine line = new CommandLine(new ProxyCommand());
        CommandLine.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
                CommandLine.ParameterException.class, () -> line.parseArgs("--to", "http://127.0.0.1:1", "--access-log", "xml"));
        assertTrue(e.getMessage().contains("expected: text or json"), e.getMessage());
    }
}

package io.gatehouse.proxy.micrometer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.observe.UpstreamHealthChanged;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimiters;
import io.gatehouse.proxy.resilience.RetryPolicy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meters through a real proxy, read as Prometheus scrapes them: the scrape's text is parsed
 * and its series asserted (names, bounded tags, values).
 */
class PrometheusScrapeTest {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)");

    private final HttpClient client = new HttpClient();

    @BeforeEach
    void start() throws Exception {
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
    }

    /** The samples of a scrape: series (name and sorted labels, as exposed) to value; comments skipped. */
    static Map<String, Double> parse(String scrape) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "a Prometheus sample line: " + line);
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    private static int deadPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void requestsUpstreamsRetriesCacheAndDenialsAreSeries() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatehouseMetrics metrics = GatehouseMetrics.of(registry);
        int dead = deadPort();
        try (LiveProxy upstream = LiveProxy.upstream(path -> new LiveProxy.Reply(200,
                     Map.of("Cache-Control", "max-age=60"), "hello"));
             LiveProxy proxy = LiveProxy.proxy(ProxyConfig.builder()
                     .observer(metrics)
                     .httpCache(HttpCache.builder().build())
                     .upstreamGroup("web", g -> g.upstream(upstream.uri("/").toString().replaceAll("/$", ""), u -> u.id("live")))
                     .upstreamGroup("flaky", g -> g
                             .upstream("http://127.0.0.1:" + dead, u -> u.id("dead"))
                             .upstream(upstream.uri("/").toString().replaceAll("/$", ""), u -> u.id("live2"))
                             .loadBalancer(io.gatehouse.proxy.balancing.LoadBalancers.roundRobin()))
                     .route("api", r -> r.pathPrefix("/api").to("web"))
                     .route("cached", r -> r.pathPrefix("/static").cache(CachePolicy.rfc9111()).to("web"))
                     .route("limited", r -> r.pathPrefix("/limited").to("web")
                             .rateLimit(RateLimiters.tokenBucket(Quota.perMinute(1).burst(1)).build()))
                     .route("retried", r -> r.pathPrefix("/retried").retry(RetryPolicy.defaults()).to("flaky"))
                     .build())) {
            metrics.monitor(proxy.servlet().engine().upstreams());
            for (int i = 0; i < 3; i++) {
                assertEquals(200, client.GET(proxy.uri("/api/users/" + i + "?token=secret")).getStatus());
            }
            assertEquals(200, client.GET(proxy.uri("/static/a.css")).getStatus());
            assertEquals(200, client.GET(proxy.uri("/static/a.css")).getStatus());
            assertEquals(200, client.GET(proxy.uri("/limited")).getStatus());
            assertEquals(429, client.GET(proxy.uri("/limited")).getStatus());
            for (int i = 0; i < 2; i++) {
                assertEquals(200, client.GET(proxy.uri("/retried/x")).getStatus());
            }
            metrics.healthChanged(new UpstreamHealthChanged("flaky", "dead", "HEALTHY", "EJECTED", "test"));

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                Map<String, Double> s = parse(registry.scrape());
                assertEquals(3.0, s.get("gatehouse_requests_seconds_count{method=\"GET\",outcome=\"upstream\",route=\"api\",status=\"2xx\"}"), s.toString());
                assertEquals(1.0, s.get("gatehouse_requests_seconds_count{method=\"GET\",outcome=\"cache\",route=\"cached\",status=\"2xx\"}"));
                assertEquals(1.0, s.get("gatehouse_requests_seconds_count{method=\"GET\",outcome=\"proxy\",route=\"limited\",status=\"4xx\"}"));
                assertEquals(1.0, s.get("gatehouse_cache_requests_total{result=\"hit\",route=\"cached\"}"), s.keySet().toString());
                assertEquals(1.0, s.get("gatehouse_cache_requests_total{result=\"miss\",route=\"cached\"}"));
                assertEquals(5.0, s.get("gatehouse_cache_served_bytes_total{route=\"cached\"}"));
                assertEquals(1.0, s.get("gatehouse_denials_total{reason=\"rate_limit\",route=\"limited\"}"));
                Double retries = s.get("gatehouse_retries_total{group=\"flaky\",route=\"retried\"}");
                assertTrue(retries != null && retries >= 1, "a request tried the dead upstream first: " + retries);
                assertEquals(retries, s.get("gatehouse_upstream_requests_seconds_count{group=\"flaky\",outcome=\"connect_failure\",upstream=\"dead\"}"),
                        "each refused attempt was retried");
                assertEquals(5.0, s.get("gatehouse_upstream_requests_seconds_count{group=\"web\",outcome=\"success\",upstream=\"live\"}"));
                assertEquals(0.0, s.get("gatehouse_upstream_in_flight{group=\"web\",upstream=\"live\"}"));
                assertEquals(1.0, s.get("gatehouse_upstream_health{group=\"web\",state=\"healthy\",upstream=\"live\"}"));
                assertEquals(0.0, s.get("gatehouse_upstream_health{group=\"web\",state=\"ejected\",upstream=\"live\"}"));
                assertEquals(1.0, s.get("gatehouse_upstream_ejections_total{group=\"flaky\",upstream=\"dead\"}"));
            });
            String scrape = registry.scrape();
            assertFalse(scrape.contains("/users/"), "no raw path in a tag");
            assertFalse(scrape.contains("127.0.0.1"), "no address in a tag");
            assertFalse(scrape.contains("secret"));
        }
    }
}

package io.gatehouse.proxy.jetty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.observe.AccessLog;
import io.gatehouse.proxy.observe.TraceContext;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * Issue 13 through a real proxy: the access log (text and JSON) on {@code io.gatehouse.access},
 * the request id in the MDC of the proxy's own log lines, and W3C trace context as the upstream
 * sees it.
 */
class AccessLogAndTraceTest extends ProxyIntegrationTest {

    private static final Pattern TEXT = Pattern.compile("(\\S+) - \"(\\S+) (\\S+)\" (\\d{3}) (\\d+) in=(\\d+) id=(\\S+)"
            + " route=(\\S+) upstream=(\\S+) time=([\\d.]+)ms upstream_time=([\\d.]+)ms cache=(\\S+)");

    private static List<CapturedLogs.Line> accessLines(String requestId) {
        return CapturedLogs.lines().stream()
                .filter(l -> l.logger().equals(AccessLog.LOGGER) && l.message().contains(requestId)).toList();
    }

    @Test
    void eachRequestIsOneTextLineWithItsFigures() throws Exception {
        try (Backend backend = Backend.ok("hello");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .observer(AccessLog.text())
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString(), u -> u.id("b1")))
                     .route("items", r -> r.pathPrefix("/items").to("g"))
                     .build())) {
            ContentResponse response = client.POST(proxy.uri("/api/items/7?token=secret"))
                    .body(new StringRequestContent("abc")).send();
            assertEquals(200, response.getStatus());
            String requestId = response.getHeaders().get("X-Request-Id");

            await().atMost(Duration.ofSeconds(5)).until(() -> accessLines(requestId).size() == 1);
            CapturedLogs.Line line = accessLines(requestId).get(0);
            assertEquals(Level.INFO, line.level());
            Matcher m = TEXT.matcher(line.message());
            assertTrue(m.matches(), line.message());
            assertEquals("127.0.0.1", m.group(1));
            assertEquals("POST", m.group(2));
            assertEquals("/items/7", m.group(3), "no query: it may hold secrets");
            assertEquals("200", m.group(4));
            assertEquals("5", m.group(5), "bytes out");
            assertEquals("3", m.group(6), "bytes in");
            assertEquals(requestId, m.group(7));
            assertEquals("items", m.group(8));
            assertEquals("g/b1", m.group(9));
            assertTrue(Double.parseDouble(m.group(10)) >= Double.parseDouble(m.group(11)), "total >= upstream time");
            assertEquals("-", m.group(12));
            assertFalse(line.message().contains("secret"));
        }
    }

    @Test
    void theJsonLineOfAProxyMade502AndTheWarnLineInTheRequestsMdc() throws Exception {
        Backend dead = Backend.ok("never");
        dead.stop();
        try (dead; ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                .observer(AccessLog.json())
                .upstreamGroup("g", g -> g.upstream(dead.uri().toString(), u -> u.id("dead-one")))
                .route("orders", r -> r.to("g"))
                .build())) {
            ContentResponse response = client.GET(proxy.uri("/api/orders"));
            assertEquals(502, response.getStatus());
            String requestId = response.getHeaders().get("X-Request-Id");

            await().atMost(Duration.ofSeconds(5)).until(() -> accessLines(requestId).size() == 1);
            JsonNode json = new ObjectMapper().readTree(accessLines(requestId).get(0).message());
            assertEquals(requestId, json.get("id").asText());
            assertEquals("GET", json.get("method").asText());
            assertEquals("/orders", json.get("path").asText());
            assertEquals("orders", json.get("route").asText());
            assertEquals("dead-one", json.get("upstream").asText());
            assertEquals(502, json.get("status").asInt());
            assertEquals(response.getContent().length, json.get("bytes_out").asInt());
            assertEquals("PROXY", json.get("source").asText());
            assertTrue(json.get("cache").isNull());

            List<CapturedLogs.Line> warnings = CapturedLogs.lines(Level.WARN, requestId);
            assertEquals(1, warnings.size(), warnings.toString());
            assertEquals(requestId, warnings.get(0).requestId(), "the request id is in the MDC while the proxy works on it");
        }
    }

    @Test
    void theUpstreamSeesTheClientsTraceWithTheProxysSpanAsParent() throws Exception {
        try (Backend backend = Backend.ok("traced");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .traceContext(TraceContext.Mode.START)
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("r", r -> r.to("g"))
                     .build())) {
            String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            assertEquals(200, client.newRequest(proxy.uri("/api/a")).headers(h -> h.put("traceparent", incoming)
                    .put("tracestate", "vendor=1")).send().getStatus());
            Backend.Seen seen = backend.take();
            String sent = seen.header("traceparent");
            assertTrue(sent.startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-"), "same trace id: " + sent);
            assertNotEquals(incoming, sent, "the proxy's span is the parent");
            assertTrue(sent.endsWith("-01"), "sampled flag kept");
            assertEquals("vendor=1", seen.header("tracestate"));

            assertEquals(200, client.newRequest(proxy.uri("/api/b")).headers(h -> h.put("traceparent", "00-bad")
                    .put("tracestate", "vendor=1")).send().getStatus());
            seen = backend.take();
            assertTrue(seen.header("traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"), seen.header("traceparent"));
            assertNull(seen.header("tracestate"), "no tracestate without its valid traceparent");

            assertEquals(200, client.GET(proxy.uri("/api/c")).getStatus());
            assertNotNull(backend.take().header("traceparent"), "started when absent");
        }
    }

    @Test
    void passModeLeavesTraceHeadersAlone() throws Exception {
        try (Backend backend = Backend.ok("x");
             ProxyUnderTest proxy = ProxyUnderTest.start("/api", ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("r", r -> r.to("g"))
                     .build())) {
            client.GET(proxy.uri("/api/c"));
            assertNull(backend.take().header("traceparent"));
            client.newRequest(proxy.uri("/api/d")).headers(h -> h.put("traceparent", "00-bad")).send();
            assertEquals("00-bad", backend.take().header("traceparent"));
        }
    }
}

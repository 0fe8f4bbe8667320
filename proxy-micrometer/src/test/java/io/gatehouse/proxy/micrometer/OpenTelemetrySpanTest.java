package io.gatehouse.proxy.micrometer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.observe.TraceContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

/** A span per attempt, with the HTTP client attributes, in the client's trace; through a real proxy and the OTel SDK. */
class OpenTelemetrySpanTest {

    @Test
    void anAttemptIsAClientSpanInTheClientsTrace() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .build();
        HttpClient client = new HttpClient();
        client.start();
        try (otel; LiveProxy upstream = LiveProxy.upstream(path -> new LiveProxy.Reply(201, Map.of(), "made"));
             LiveProxy proxy = LiveProxy.proxy(ProxyConfig.builder()
                     .observer(OpenTelemetryObserver.of(otel))
                     .traceContext(TraceContext.Mode.JOIN)
                     .upstreamGroup("g", g -> g.upstream(upstream.uri("").toString(), u -> u.id("u1")))
                     .route("orders", r -> r.pathPrefix("/orders").to("g"))
                     .build())) {
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            assertEquals(201, client.newRequest(proxy.uri("/orders/9?api_key=secret"))
                    .headers(h -> h.put("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")).send().getStatus());
            String sent = upstream.seen.take().get("traceparent");

            await().atMost(Duration.ofSeconds(5)).until(() -> exporter.getFinishedSpanItems().size() == 1);
            SpanData span = exporter.getFinishedSpanItems().get(0);
            assertEquals(SpanKind.CLIENT, span.getKind());
            assertEquals("GET", span.getName());
            assertEquals(traceId, span.getTraceId(), "the client's trace");
            assertEquals("00f067aa0ba902b7", span.getParentSpanId(), "the client's span is the parent");
            assertTrue(sent.startsWith("00-" + traceId + "-"), "the upstream sees the same trace: " + sent);
            assertEquals(sent.substring(36, 52), span.getAttributes().get(AttributeKey.stringKey("gatehouse.upstream_parent_span_id")));
            assertEquals("GET", span.getAttributes().get(AttributeKey.stringKey("http.request.method")));
            assertEquals("127.0.0.1", span.getAttributes().get(AttributeKey.stringKey("server.address")));
            assertEquals((long) upstream.uri("").getPort(), span.getAttributes().get(AttributeKey.longKey("server.port")));
            assertEquals(201L, span.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
            assertEquals(upstream.uri("/orders/9").toString(), span.getAttributes().get(AttributeKey.stringKey("url.full")),
                    "no query: it may hold secrets");
            assertEquals("orders", span.getAttributes().get(AttributeKey.stringKey("gatehouse.route")));
        } finally {
            client.stop();
        }
    }
}

package io.gatehouse.proxy.micrometer;

import io.gatehouse.proxy.observe.AttemptEnded;
import io.gatehouse.proxy.observe.AttemptStarted;
import io.gatehouse.proxy.observe.ProxyObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A span per attempt through the OpenTelemetry API (an application with the OpenTelemetry SDK
 * sees them; without it they are no-ops): kind CLIENT, named after the method, with the stable
 * HTTP client attributes of the semantic conventions ({@code http.request.method},
 * {@code server.address}, {@code server.port}, {@code url.full} without the query, which may hold
 * secrets, {@code http.response.status_code}, {@code error.type}) plus {@code gatehouse.route},
 * {@code gatehouse.upstream}, {@code http.request.resend_count}.
 *
 * <p>With trace context on ({@code ProxyConfig.Builder.traceContext} {@code JOIN} or {@code START}),
 * the span joins the request's trace: its parent is the client's span (from its
 * {@code traceparent}). The SDK picks the span's own id, so the span id the proxy sent upstream is
 * recorded as {@code gatehouse.upstream_parent_span_id} (ADR 0015).
 */
public final class OpenTelemetryObserver implements ProxyObserver {

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("gatehouse.route");
    private static final AttributeKey<String> UPSTREAM = AttributeKey.stringKey("gatehouse.upstream");
    private static final AttributeKey<String> UPSTREAM_PARENT = AttributeKey.stringKey("gatehouse.upstream_parent_span_id");

    private final Tracer tracer;
    private final ConcurrentMap<AttemptStarted, Span> open = new ConcurrentHashMap<>();

    private OpenTelemetryObserver(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Spans from {@code openTelemetry}'s tracer {@code io.gatehouse.proxy}. */
    public static OpenTelemetryObserver of(OpenTelemetry openTelemetry) {
        return new OpenTelemetryObserver(Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer("io.gatehouse.proxy"));
    }

    @Override
    public void attemptStarted(AttemptStarted e) {
        SpanBuilder span = tracer.spanBuilder(e.method())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, e.method())
                .setAttribute(SERVER_ADDRESS, e.host())
                .setAttribute(SERVER_PORT, (long) e.port())
                .setAttribute(URL_FULL, e.scheme() + "://" + authority(e) + e.target())
                .setAttribute(ROUTE, e.routeId())
                .setAttribute(UPSTREAM, e.groupId() + "/" + e.upstreamId());
        if (e.number() > 1) {
            span.setAttribute(RESEND_COUNT, (long) e.number() - 1);
        }
        String traceparent = e.traceparent();
        if (traceparent != null) {
            String traceId = traceparent.substring(3, 35);
            String sentSpan = traceparent.substring(36, 52);
            String parent = e.clientSpanId() != null ? e.clientSpanId() : sentSpan;
            TraceFlags flags = traceparent.endsWith("-01") ? TraceFlags.getSampled() : TraceFlags.getDefault();
            span.setParent(Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(traceId, parent, flags,
                    TraceState.getDefault()))));
            span.setAttribute(UPSTREAM_PARENT, sentSpan);
        } else {
            span.setNoParent();
        }
        open.put(e, span.startSpan());
    }

    private static String authority(AttemptStarted e) {
        String host = e.host().indexOf(':') >= 0 ? "[" + e.host() + "]" : e.host();
        boolean defaultPort = ("http".equals(e.scheme()) && e.port() == 80) || ("https".equals(e.scheme()) && e.port() == 443);
        return defaultPort ? host : host + ":" + e.port();
    }

    @Override
    public void attemptEnded(AttemptEnded e) {
        Span span = open.remove(e.started());
        if (span == null) {
            return;
        }
        if (e.status() > 0) {
            span.setAttribute(STATUS, (long) e.status());
        }
        if (e.outcome() != AttemptEnded.Outcome.SUCCESS) {
            // Semantic conventions: 5xx on a client span is an error, its type the status; else the failure's kind.
            span.setAttribute(ERROR_TYPE, e.status() >= 500 ? String.valueOf(e.status()) : MeterTags.lower(e.outcome()));
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    @Override
    public String toString() {
        return "OpenTelemetryObserver";
    }
}

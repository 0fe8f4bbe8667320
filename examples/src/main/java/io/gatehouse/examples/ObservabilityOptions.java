package io.gatehouse.examples;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.jetty.ProxyServlet;
import io.gatehouse.proxy.micrometer.GatehouseMetrics;
import io.gatehouse.proxy.observe.AccessLog;
import io.gatehouse.proxy.observe.TraceContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code proxy} command's observability options, a picocli mixin: {@code --access-log
 * text|json} (logger {@code io.gatehouse.access}) and {@code --trace-context pass|join|start};
 * with the command's {@code --admin-port}, Prometheus metrics at {@code /metrics} of the admin
 * server (beside the status page and admin API).
 */
final class ObservabilityOptions {

    /** The Prometheus text exposition format's media type. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** Whether metrics are on: the command has an admin server to serve them. */
    private final java.util.function.BooleanSupplier metricsWanted;

    @Option(names = "--access-log", paramLabel = "FORMAT", converter = AccessLogFormat.class,
            description = "Log one line per request on the logger io.gatehouse.access: text (combined-like) or json.")
    AccessLog.Format accessLog;

    @Option(names = "--access-log-file", paramLabel = "FILE",
            description = "Write the access log to FILE (appended to) instead of stderr, buffered as nginx's"
                    + " 'buffer=64k flush=1s': written at the latest a second later, and at stop. --access-log text"
                    + " unless a format is given.")
    java.nio.file.Path accessLogFile;

    @Option(names = "--trace-context", paramLabel = "MODE", converter = TraceMode.class,
            description = "W3C traceparent: pass (untouched, the default), join (the proxy's span per attempt;"
                    + " malformed ones replaced) or start (join, and start a trace when there is none).")
    TraceContext.Mode traceContext;

    private PrometheusMeterRegistry prometheus;
    private GatehouseMetrics metrics;
    private volatile URI metricsUri;
    private AccessLog accessLogger;
    private AccessLogFile accessLogOutput;

    ObservabilityOptions(java.util.function.BooleanSupplier metricsWanted) {
        this.metricsWanted = metricsWanted;
    }

    /** Adds the observers and the trace context mode the options ask for (the same instances on every call). */
    void apply(ProxyConfig.Builder builder) {
        if (metricsWanted.getAsBoolean()) {
            if (metrics == null) { // once: every configuration read from a --config file shares them
                prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                metrics = GatehouseMetrics.of(prometheus);
            }
            builder.observer(metrics);
        }
        if (accessLog != null) {
            if (accessLogger == null) {
                accessLogger = AccessLog.of(accessLog);
            }
            builder.observer(accessLogger);
        }
        if (traceContext != null) {
            builder.traceContext(traceContext);
        }
    }

    /**
     * With {@code --access-log-file}: opens the file (once) and makes the access log's format text
     * unless one was given; call before the first {@link #apply}.
     *
     * @throws java.io.IOException when the file cannot be written
     */
    void openAccessLogFile() throws java.io.IOException {
        if (accessLogFile == null || accessLogOutput != null) {
            return;
        }
        if (accessLog == null) {
            accessLog = AccessLog.Format.TEXT;
        }
        accessLogOutput = AccessLogFile.open(accessLogFile, accessLog);
    }

    /** Writes what the access log file holds back and closes it; nothing without one. */
    void closeAccessLogFile() {
        if (accessLogOutput != null) {
            accessLogOutput.close();
            accessLogOutput = null;
        }
    }

    /** With metrics on: the health gauges follow the servlet's upstreams; the access log file closes with the context. */
    void serve(ServletContextHandler context, ProxyServlet servlet) {
        if (metrics != null) {
            metrics.monitor(servlet.engine().upstreams());
        }
        if (accessLogOutput != null) {
            context.addBean(new org.eclipse.jetty.util.component.AbstractLifeCycle() {
                @Override
                protected void doStop() {
                    closeAccessLogFile();
                }
            }, true);
        }
    }

    /** With metrics on: {@code /metrics} (the Prometheus text format) in the admin server's context. */
    void mountMetrics(ServletContextHandler admin) {
        if (prometheus == null) {
            return;
        }
        PrometheusMeterRegistry registry = prometheus;
        admin.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder("gatehouse-metrics", new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest request,
                                 jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                response.setContentType(PROMETHEUS_TEXT);
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
        }), "/metrics");
    }

    /** The admin server is up at {@code base}: metrics are at its {@code /metrics}. */
    void metricsAt(URI base) {
        if (prometheus != null) {
            metricsUri = URI.create(base + "/metrics");
        }
    }

    /** The metrics address once started, or null without {@code --admin-port}. */
    URI metricsUri() {
        return metricsUri;
    }

    /** Prints what is on, under the proxy's start-up line. */
    void describe(PrintWriter out) {
        URI uri = metricsUri();
        if (uri != null) {
            out.println("  metrics: " + uri + " (Prometheus)");
        }
        if (accessLog != null) {
            out.println("  access log: " + accessLog.name().toLowerCase(Locale.ROOT) + (accessLogFile == null
                    ? " on logger " + AccessLog.LOGGER : " to " + accessLogFile.toAbsolutePath()
                    + " (buffered, written every " + AccessLogFile.FLUSH_EVERY.toSeconds() + " s)"));
        }
        if (traceContext != null) {
            out.println("  trace context: " + traceContext.name().toLowerCase(Locale.ROOT));
        }
    }

    /** {@code text} or {@code json}. */
    static final class AccessLogFormat implements ITypeConverter<AccessLog.Format> {
        @Override
        public AccessLog.Format convert(String value) {
            try {
                return AccessLog.Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a format (expected: text or json)");
            }
        }
    }

    /** {@code pass}, {@code join} or {@code start}. */
    static final class TraceMode implements ITypeConverter<TraceContext.Mode> {
        @Override
        public TraceContext.Mode convert(String value) {
            try {
                return TraceContext.Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a mode (expected: pass, join or start)");
            }
        }
    }
}

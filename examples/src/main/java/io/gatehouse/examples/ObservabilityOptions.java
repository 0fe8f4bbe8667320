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
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code proxy} command's observability options, a picocli mixin: {@code --admin-port}
 * (Prometheus metrics at {@code /metrics} on 127.0.0.1), {@code --access-log text|json} (logger
 * {@code io.gatehouse.access}) and {@code --trace-context pass|join|start}.
 */
final class ObservabilityOptions {

    /** The Prometheus text exposition format's media type. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics (loopback only; 0 picks a free port).")
    Integer adminPort;

    @Option(names = "--access-log", paramLabel = "FORMAT", converter = AccessLogFormat.class,
            description = "Log one line per request on the logger io.gatehouse.access: text (combined-like) or json.")
    AccessLog.Format accessLog;

    @Option(names = "--trace-context", paramLabel = "MODE", converter = TraceMode.class,
            description = "W3C traceparent: pass (untouched, the default), join (the proxy's span per attempt;"
                    + " malformed ones replaced) or start (join, and start a trace when there is none).")
    TraceContext.Mode traceContext;

    private PrometheusMeterRegistry prometheus;
    private GatehouseMetrics metrics;
    private Server admin;
    private AccessLog accessLogger;

    /** Adds the observers and the trace context mode the options ask for (the same instances on every call). */
    void apply(ProxyConfig.Builder builder) {
        if (adminPort != null) {
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
     * With {@code --admin-port}: watches the servlet's upstreams and serves {@code /metrics} on
     * 127.0.0.1, started and stopped with {@code context}.
     */
    void serve(ServletContextHandler context, ProxyServlet servlet) {
        if (metrics == null) {
            return;
        }
        metrics.monitor(servlet.engine().upstreams());
        admin = new Server();
        ServerConnector connector = new ServerConnector(admin, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(adminPort);
        admin.addConnector(connector);
        admin.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!"/metrics".equals(Request.getPathInContext(request))) {
                    return false; // 404
                }
                response.getHeaders().put("Content-Type", PROMETHEUS_TEXT);
                response.write(true, StandardCharsets.UTF_8.encode(prometheus.scrape()), callback);
                return true;
            }
        });
        context.addBean(new AbstractLifeCycle() {
            @Override
            protected void doStart() throws Exception {
                admin.start();
            }

            @Override
            protected void doStop() throws Exception {
                admin.stop();
            }
        }, true);
    }

    /** The metrics address once started, or null without {@code --admin-port}. */
    URI metricsUri() {
        if (admin == null || !admin.isStarted()) {
            return null;
        }
        return URI.create("http://127.0.0.1:" + ((ServerConnector) admin.getConnectors()[0]).getLocalPort() + "/metrics");
    }

    /** Prints what is on, under the proxy's start-up line. */
    void describe(PrintWriter out) {
        URI uri = metricsUri();
        if (uri != null) {
            out.println("  metrics: " + uri + " (Prometheus)");
        }
        if (accessLog != null) {
            out.println("  access log: " + accessLog.name().toLowerCase(Locale.ROOT) + " on logger " + AccessLog.LOGGER);
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

package io.gatehouse.spring;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.dns.ResolvedNames;
import io.gatehouse.proxy.jetty.EdgeServer;
import io.gatehouse.proxy.jetty.ProxyMount;
import io.gatehouse.proxy.jetty.ProxyServlet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Gatehouse's own Jetty server (ee10, the edge settings of {@link EdgeServer}) with the proxy
 * mounted at {@code /}, on its own port, started and stopped with the application context
 * (ADR 0018). It starts in the last lifecycle phase, after Boot's web server if there is one, and
 * stops first, letting requests under way finish (Jetty's graceful stop, up to 30 s).
 */
public final class GatehouseServer implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(GatehouseServer.class);

    private final ProxyConfig config;
    private final GatehouseServerProperties properties;
    private final List<GatehouseCustomizer> customizers;
    private final ResolvedNames names;
    private final Supplier<ProxyConfig> readAgain;
    private ScheduledExecutorService refresher;
    private Server server;
    private ServerConnector connector;
    private ProxyServlet servlet;

    /** A server for a configuration, listening where the properties say, adjusted by the customizers. */
    public GatehouseServer(ProxyConfig config, GatehouseServerProperties properties, List<GatehouseCustomizer> customizers) {
        this(config, properties, customizers, null, null);
    }

    /**
     * As {@link #GatehouseServer(ProxyConfig, GatehouseServerProperties, List)}; when {@code names}
     * tracks host names ({@code dnsRefresh} groups, ADR 0019), they are resolved again every second
     * once due, and a changed answer applies {@code readAgain}'s configuration.
     */
    public GatehouseServer(ProxyConfig config, GatehouseServerProperties properties, List<GatehouseCustomizer> customizers,
                           ResolvedNames names, Supplier<ProxyConfig> readAgain) {
        this.config = Objects.requireNonNull(config, "config");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.customizers = List.copyOf(customizers);
        this.names = names;
        this.readAgain = readAgain;
    }

    /**
     * Resolves the due host names now and, when an answer changed, applies the configuration read
     * again (new addresses join, gone ones drain); a configuration that cannot be read is logged
     * and the one in force stays. Runs every second once started; callable for tests.
     *
     * @return whether a new configuration was applied
     */
    public boolean refreshNames() {
        ProxyServlet proxy = servlet();
        if (names == null || readAgain == null || proxy == null) {
            return false;
        }
        try {
            if (!names.refreshDue()) {
                return false;
            }
            proxy.update(readAgain.get());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Upstream addresses changed but the Gatehouse configuration could not be applied; the last one stays: {}",
                    e.getMessage());
            return false;
        }
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        Server jetty = new Server();
        ServerConnector http = new ServerConnector(jetty, new HttpConnectionFactory(EdgeServer.httpConfiguration(config)));
        http.setHost(properties.getAddress());
        http.setPort(properties.getPort());
        jetty.addConnector(http);
        EdgeServer.installErrorHandler(jetty);
        ServletContextHandler context = new ServletContextHandler("/");
        ProxyServlet proxy = ProxyMount.at(context, "/", config);
        customizers.forEach(c -> c.customize(proxy, context));
        jetty.setHandler(context);
        jetty.setStopTimeout(30_000);
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("Gatehouse could not start its server on "
                    + (properties.getAddress() == null ? "*" : properties.getAddress()) + ":" + properties.getPort()
                    + " (gatehouse.server.address / gatehouse.server.port): " + e.getMessage(), e);
        }
        server = jetty;
        connector = http;
        servlet = proxy;
        LOG.info("Gatehouse listening on port {}", http.getLocalPort());
        if (names != null && readAgain != null && !names.names().isEmpty()) {
            refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "gatehouse-dns");
                thread.setDaemon(true);
                return thread;
            });
            refresher.scheduleWithFixedDelay(this::refreshNames, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
        try {
            server.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Gatehouse's server did not stop cleanly: {}", e.toString());
        } finally {
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** After Boot's web server (which starts in the phase before the default). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /** The port listened on (the real one when 0 was asked for), or -1 before the start. */
    public synchronized int port() {
        return connector == null ? -1 : connector.getLocalPort();
    }

    /** The proxy servlet, e.g. to read upstream health or {@code update} the configuration; null before the start. */
    public synchronized ProxyServlet servlet() {
        return servlet;
    }
}

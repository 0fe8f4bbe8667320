package io.gatehouse.examples;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.balancing.LoadBalancers;
import io.gatehouse.proxy.jetty.AdminMount;
import io.gatehouse.proxy.jetty.ProxyMount;
import io.gatehouse.proxy.jetty.ProxyServlet;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The quick start: three demo backends and a host application on 127.0.0.1 that serves its own
 * page at {@code /} and its own servlet at {@code /host/*}, and mounts Gatehouse at
 * {@code /api/*} with two routes: {@code /api/users/...} round robin over {@code users-1} and
 * {@code users-2}, and {@code /api/orders/...} to {@code orders-1} with its path rewritten
 * ({@code /api/orders/42} arrives as {@code /v1/42}). The proxy's status page and admin API are
 * at {@code /admin/}, for clients on this machine. The host application speaks HTTP/1.1 and
 * HTTP/2 (h2c in cleartext, h2 by ALPN with TLS).
 */
public final class QuickStart implements AutoCloseable {

    /** The host application's port unless told otherwise. */
    public static final int DEFAULT_PORT = 8080;
    /** Where the host application mounts the proxy. */
    public static final String MOUNT_PREFIX = "/api";
    /** Where the host application mounts the proxy's admin API and status page (loopback clients only). */
    public static final String ADMIN_PREFIX = "/admin";
    /** The interface everything listens on. */
    static final String HOST = "127.0.0.1";

    private final EmbeddedServer host;
    private final List<DemoBackend> backends;
    private final ProxyConfig config;
    private final StartupCertificate certificate;

    private QuickStart(EmbeddedServer host, List<DemoBackend> backends, ProxyConfig config,
                       StartupCertificate certificate) {
        this.host = host;
        this.backends = List.copyOf(backends);
        this.config = config;
        this.certificate = certificate;
    }

    /**
     * Starts the backends and the host application over plain HTTP; on failure, whatever had
     * started is stopped.
     *
     * @param port the host application's port on 127.0.0.1, or 0 for any free one
     */
    public static QuickStart start(int port) throws Exception {
        return start(port, null);
    }

    /**
     * Like {@link #start(int)}; the host application serves HTTPS with {@code certificate} when
     * one is given (the backends behind it stay plain HTTP on loopback).
     */
    static QuickStart start(int port, StartupCertificate certificate) throws Exception {
        List<DemoBackend> backends = new ArrayList<>();
        try {
            for (String name : List.of("users-1", "users-2", "orders-1")) {
                backends.add(DemoBackend.start(name));
            }
            ProxyConfig config = config(backends.get(0), backends.get(1), backends.get(2));
            EmbeddedServer host = EmbeddedServer.start(HOST, port, certificate == null ? null : certificate.tls(), true,
                    context -> mount(context, config));
            return new QuickStart(host, backends, config, certificate);
        } catch (Exception e) {
            RuntimeException cleanup = runAll(backends.stream().<Runnable>map(backend -> backend::close).toList());
            if (cleanup != null) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The proxy's configuration: what a host application writes to put Gatehouse in front of its services. */
    static ProxyConfig config(DemoBackend users1, DemoBackend users2, DemoBackend orders) {
        return ProxyConfig.builder()
                .upstreamGroup("users", group -> group
                        .upstream(users1.uri().toString(), upstream -> upstream.id(users1.name()))
                        .upstream(users2.uri().toString(), upstream -> upstream.id(users2.name()))
                        .loadBalancer(LoadBalancers.roundRobin()))
                .upstreamGroup("orders", group -> group
                        .upstream(orders.uri().toString(), upstream -> upstream.id(orders.name())))
                .route("users", route -> route.pathPrefix("/users").to("users"))
                .route("orders", route -> route.pathPrefix("/orders").stripPrefix().addPrefix("/v1").to("orders"))
                .build();
    }

    /** The host application's own servlets, and the proxy next to them. */
    private static void mount(ServletContextHandler context, ProxyConfig config) {
        // "" is the servlet mapping for the context root alone: the page answers / and nothing else.
        context.addServlet(new ServletHolder(new HostHomePage(MOUNT_PREFIX, RouteSummary.lines(MOUNT_PREFIX, config))), "");
        context.addServlet(new ServletHolder(new HostServlet()), "/host/*");
        ProxyServlet proxy = ProxyMount.at(context, MOUNT_PREFIX, config);
        AdminMount.at(context, ADMIN_PREFIX, proxy);
    }

    /** The host application's bound port. */
    public int port() {
        return host.port();
    }

    /** The host application's base address, e.g. {@code http://127.0.0.1:8080}. */
    public URI uri() {
        return host.uri();
    }

    /** Says where everything is and what to try. */
    public void printWelcome(PrintWriter out) {
        String base = uri().toString();
        out.println("Gatehouse quick start: a host application with the proxy mounted at " + MOUNT_PREFIX + "/*");
        out.println("  host application  " + base + "/  (its own page; its own servlet at /host/*)");
        out.println("  status page       " + base + ADMIN_PREFIX + "/  (live routes, upstream health, cache;"
                + " JSON under " + ADMIN_PREFIX + "/api/; this machine only)");
        out.println("  routes:");
        RouteSummary.lines(MOUNT_PREFIX, config).forEach(line -> out.println("    " + line));
        if (certificate != null) {
            certificate.describe(out);
        }
        out.println();
        out.println("Try:");
        String curl = certificate == null ? "curl -s" : "curl --cacert " + certificate.pem() + " -s";
        out.printf("  %-52s # twice: users-1, then users-2 (round robin)%n", curl + " " + base + "/api/users/7");
        out.printf("  %-52s # orders-1 sees /v1/42?x=1 (path rewritten)%n", curl + " '" + base + "/api/orders/42?x=1'");
        out.printf("  %-52s # no route: 404, application/problem+json%n", curl + "i " + base + "/api/nope");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** Stops the host application, then the backends; each is stopped even if another fails. */
    @Override
    public void close() {
        List<Runnable> stops = new ArrayList<>();
        stops.add(host::close);
        backends.forEach(backend -> stops.add(backend::close));
        RuntimeException failure = runAll(stops);
        if (failure != null) {
            throw failure;
        }
    }

    /** Runs every step even if some fail; returns the first failure with the others suppressed, or null. */
    private static RuntimeException runAll(List<Runnable> steps) {
        RuntimeException failure = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }
}

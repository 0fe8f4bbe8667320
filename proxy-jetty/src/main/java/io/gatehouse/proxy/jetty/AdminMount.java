package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.jetty.admin.AdminServlet;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * Mounts the admin API and status page of a {@link ProxyServlet} on a servlet context in one line
 * (the same server as the proxy at another path, or a server of its own on another port):
 *
 * <pre>{@code
 * ProxyServlet proxy = ProxyMount.at(context, "/api", config);
 * AdminMount.at(context, "/admin", proxy);                    // http://127.0.0.1:8080/admin/ from this machine only
 * }</pre>
 *
 * The page at the prefix shows the routes with their request and error rates, every upstream's
 * health, in-flight count, latency and ejections, and the cache's hit ratio, updated every
 * second; the JSON it reads is under {@code PREFIX/api/} (see
 * {@link io.gatehouse.proxy.jetty.admin.AdminServlet} for the resources, ADR 0016 for why).
 * Mounting turns on the proxy's per-route counting (one completion listener per request).
 */
public final class AdminMount {

    private AdminMount() {
    }

    /** Mounts the admin servlet at {@code prefix} for loopback clients only ({@link AdminAccess#loopbackOnly()}). */
    public static void at(ServletContextHandler context, String prefix, ProxyServlet proxy) {
        at(context, prefix, proxy, AdminAccess.loopbackOnly());
    }

    /**
     * Mounts the admin servlet at {@code prefix} for the clients {@code access} allows; others get
     * a 403 problem.
     *
     * @param context the servlet context (the proxy's or another server's)
     * @param prefix a path such as {@code /admin} ({@code /} for a server of its own)
     * @param proxy the proxy servlet to show (from {@link ProxyMount#at})
     * @param access who may use it
     */
    public static void at(ServletContextHandler context, String prefix, ProxyServlet proxy, AdminAccess access) {
        at(context, prefix, proxy, access, null);
    }

    /**
     * As {@link #at(ServletContextHandler, String, ProxyServlet, AdminAccess)}, with where the
     * configuration comes from: {@code api/config} then shows {@code source}'s document (e.g. a
     * watched file with its applied and refused reloads and the last error).
     */
    public static void at(ServletContextHandler context, String prefix, ProxyServlet proxy, AdminAccess access,
                          java.util.function.Supplier<? extends java.util.Map<String, ?>> source) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(access, "access");
        String pathSpec = ProxyMount.pathSpec(prefix);
        AdminServlet servlet = new AdminServlet(proxy::engine, proxy.routeTraffic(), access.allowed(), access.clients(),
                access.localNamesOnly(), () -> ConfigSummary.of(proxy.config()), source);
        context.addServlet(new ServletHolder("gatehouse-admin" + pathSpec.replaceAll("[^A-Za-z0-9]+", "."), servlet),
                pathSpec);
    }
}

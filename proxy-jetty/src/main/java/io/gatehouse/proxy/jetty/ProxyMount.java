package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.ProxyConfig;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;

/** Mounts a {@link ProxyServlet} on a servlet context in one line and hands it back. */
public final class ProxyMount {

    private ProxyMount() {
    }

    /**
     * Mounts the proxy at a path prefix: {@code ProxyMount.at(context, "/api", config)} serves
     * {@code /api} and everything below it; {@code "/"} serves everything the context's other
     * servlets do not.
     *
     * <p>It also installs Jetty's WebSocket container on the context (before it starts), so that
     * WebSocket handshakes on the proxy's routes are bridged to the upstream.
     *
     * <p>The servlet returned is the one the context serves: keep it to swap configurations with
     * {@link ProxyServlet#update(ProxyConfig)} (before or after the server starts) or to read the
     * upstreams' health ({@code engine().upstreams()}).
     *
     * @param context the host application's servlet context
     * @param prefix a path such as {@code /api} (a trailing {@code /*} or {@code /} is accepted)
     * @param config the proxy configuration
     * @return the proxy servlet, already added to the context (async supported)
     */
    public static ProxyServlet at(ServletContextHandler context, String prefix, ProxyConfig config) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(config, "config");
        String pathSpec = pathSpec(prefix);
        ProxyServlet servlet = new ProxyServlet(config);
        ServletHolder holder = new ServletHolder(servletName(pathSpec), servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, pathSpec);
        // WebSocket upgrades end in the servlet and are bridged to the upstream (WebSocketBridge); the
        // container that performs them must be installed before the context starts.
        if (!context.isStarted()) {
            JettyWebSocketServletContainerInitializer.configure(context, null);
        }
        return servlet;
    }

    /** The servlet path spec for a prefix: {@code /api} becomes {@code /api/*}, {@code /} becomes {@code /*}. */
    static String pathSpec(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        String p = prefix.endsWith("/*") ? prefix.substring(0, prefix.length() - 2) : prefix;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && !p.startsWith("/")) {
            throw new IllegalArgumentException("prefix '" + prefix + "' must start with '/' (e.g. '/" + prefix + "')");
        }
        if (p.contains("*")) {
            throw new IllegalArgumentException("prefix '" + prefix + "' may only end with '/*'");
        }
        return p + "/*";
    }

    private static String servletName(String pathSpec) {
        String name = pathSpec.replaceAll("[^A-Za-z0-9]+", ".").replaceAll("^\\.|\\.$", "");
        return name.isEmpty() ? "gatehouse" : "gatehouse." + name;
    }
}

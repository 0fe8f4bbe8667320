package io.gatehouse.spring;

import io.gatehouse.proxy.jetty.ProxyServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * A bean of this type is called once, before Gatehouse's server starts, with the proxy servlet
 * and its context: the hook for metrics (e.g. a Micrometer binding that registers the servlet's
 * upstream health with the application's {@code MeterRegistry}), filters, or extra servlets.
 * Several are called in bean order.
 */
@FunctionalInterface
public interface GatehouseCustomizer {

    /** Adjusts the proxy before the server starts. */
    void customize(ProxyServlet servlet, ServletContextHandler context);
}

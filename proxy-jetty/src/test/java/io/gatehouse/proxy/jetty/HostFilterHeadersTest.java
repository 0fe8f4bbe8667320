package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.proxy.ProxyConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Headers a host filter sets before the proxy runs meet the upstream's: the upstream's value
 * replaces a header of the same name (all its values kept), the host's other headers stay, and
 * the server's own {@code Date} is replaced by the upstream's, and an upstream {@code Location}
 * gets the address the client used. Checked with the servlet
 * response as the container made it and wrapped by the filter (the two copy paths).
 */
class HostFilterHeadersTest extends ProxyIntegrationTest {

    @ParameterizedTest(name = "response wrapped by the filter: {0}")
    @ValueSource(booleans = {false, true})
    void upstreamHeadersReplaceTheHostsOfTheSameNameAndLeaveTheOthers(boolean wrapped) throws Exception {
        int[] backendPort = new int[1];
        try (Backend backend = Backend.start(seen -> Backend.Reply.text(200, "ok")
                .with("X-Frame-Options", "SAMEORIGIN")
                .with("Date", "Mon, 23 Nov 2026 10:00:00 GMT")
                .with("Location", "http://127.0.0.1:" + backendPort[0] + "/elsewhere"))) {
            backendPort[0] = backend.port();
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(EdgeServer.httpConfiguration()));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            Filter hostHeaders = (request, response, chain) -> {
                HttpServletResponse http = (HttpServletResponse) response;
                http.setHeader("X-Frame-Options", "DENY");
                http.addHeader("X-Frame-Options", "DENY-ALSO");
                http.setHeader("X-Host", "kept");
                chain.doFilter(request, wrapped ? new HttpServletResponseWrapper(http) : http);
            };
            FilterHolder filter = new FilterHolder(hostHeaders);
            filter.setAsyncSupported(true);
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
            ProxyMount.at(context, "/api", ProxyConfig.builder()
                    .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                    .route("all", r -> r.to("g"))
                    .build());
            server.setHandler(context);
            server.start();
            try {
                ContentResponse response = client.GET("http://127.0.0.1:" + connector.getLocalPort() + "/api/x");

                assertEquals(200, response.getStatus());
                assertEquals("ok", response.getContentAsString());
                assertEquals(List.of("SAMEORIGIN"), response.getHeaders().getValuesList("X-Frame-Options"));
                assertEquals(List.of("kept"), response.getHeaders().getValuesList("X-Host"));
                assertEquals(List.of("Mon, 23 Nov 2026 10:00:00 GMT"), response.getHeaders().getValuesList("Date"));
                assertEquals("1.1 gatehouse", response.getHeaders().get("Via"));
                assertEquals("http://127.0.0.1:" + connector.getLocalPort() + "/api/elsewhere",
                        response.getHeaders().get("Location"));
            } finally {
                server.stop();
            }
        }
    }
}

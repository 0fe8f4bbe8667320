package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gatehouse.proxy.ProxyConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** {@link ProxyMount#at} hands back the servlet it mounted, so the host can {@code update} it. */
class ProxyMountTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theReturnedServletIsTheOneServingAndUpdateSwapsTheUpstreams() throws Exception {
        try (Backend blue = Backend.ok("blue"); Backend green = Backend.ok("green")) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(EdgeServer.httpConfiguration()));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            ProxyServlet proxy = ProxyMount.at(context, "/api", to(blue));
            server.setHandler(context);
            server.start();
            try {
                URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/api/colour");
                assertEquals("blue", get(uri));

                proxy.update(to(green));

                assertEquals("green", get(uri));
                assertSame(proxy, context.getServletHandler().getServlets()[0].getServletInstance());
            } finally {
                server.stop();
            }
        }
    }

    private static ProxyConfig to(Backend backend) {
        return ProxyConfig.builder()
                .upstreamGroup("colour", g -> g.upstream(backend.uri().toString()))
                .route("colour", r -> r.pathPrefix("/").to("colour"))
                .build();
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}

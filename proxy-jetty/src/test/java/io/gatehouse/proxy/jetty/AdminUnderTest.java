package io.gatehouse.proxy.jetty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import io.gatehouse.proxy.ProxyConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ajax.JSON;

/**
 * A host application on 127.0.0.1, port 0, with the proxy mounted at {@code /api} and its admin
 * API and status page at {@code /admin}; plus a plain HTTP client and the JSON reader for the tests.
 */
final class AdminUnderTest implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ProxyServlet proxy;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AdminUnderTest(ProxyConfig config, AdminAccess access) throws Exception {
        server = new Server();
        connector = new ServerConnector(server, new HttpConnectionFactory(EdgeServer.httpConfiguration()));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        EdgeServer.installErrorHandler(server);
        ServletContextHandler context = new ServletContextHandler("/");
        proxy = ProxyMount.at(context, "/api", config);
        AdminMount.at(context, "/admin", proxy, access);
        server.setHandler(context);
        server.start();
    }

    static AdminUnderTest start(ProxyConfig config) throws Exception {
        return new AdminUnderTest(config, AdminAccess.loopbackOnly());
    }

    static AdminUnderTest start(ProxyConfig config, AdminAccess access) throws Exception {
        return new AdminUnderTest(config, access);
    }

    int port() {
        return connector.getLocalPort();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    ProxyServlet proxy() {
        return proxy;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** GET path, expecting 200 and a JSON object. */
    @SuppressWarnings("unchecked")
    Map<String, Object> json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return (Map<String, Object>) new JSON().fromJSON(response.body());
    }

    static Object parse(String json) {
        return new JSON().fromJSON(json);
    }

    /**
     * A raw GET from a socket bound to {@code localAddress} (e.g. 127.0.0.2, also on the loopback
     * interface), with {@code Host: 127.0.0.1:port} unless a header line gives another: its whole response.
     */
    String rawGetFrom(String localAddress, String path, String... headerLines) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 5_000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
            if (java.util.Arrays.stream(headerLines).noneMatch(line -> line.regionMatches(true, 0, "Host:", 0, 5))) {
                request.append("Host: 127.0.0.1:").append(port()).append("\r\n");
            }
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

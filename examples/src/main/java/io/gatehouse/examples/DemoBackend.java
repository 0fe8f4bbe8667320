package io.gatehouse.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * A demo upstream on 127.0.0.1: answers every request with a line of JSON naming itself and
 * what it received, e.g. {@code {"backend":"users-1","method":"GET","path":"/users/7","query":null}},
 * so that a look at the answer shows which backend served it and how the path was rewritten.
 */
public final class DemoBackend implements AutoCloseable {

    private final String name;
    private final EmbeddedServer server;

    private DemoBackend(String name, EmbeddedServer server) {
        this.name = name;
        this.server = server;
    }

    /** Starts a backend called {@code name} on 127.0.0.1, on a free port. */
    public static DemoBackend start(String name) throws Exception {
        EmbeddedServer server = EmbeddedServer.start("127.0.0.1", 0,
                context -> context.addServlet(new ServletHolder(new EchoServlet(name)), "/*"));
        return new DemoBackend(name, server);
    }

    /** The name it answers with. */
    public String name() {
        return name;
    }

    /** Its base address, e.g. {@code http://127.0.0.1:40123}. */
    public URI uri() {
        return server.uri();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Writes the JSON description of the request. */
    private static final class EchoServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;

        private final String name;

        EchoServlet(String name) {
            this.name = name;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().println("{\"backend\":" + json(name) + ",\"method\":" + json(request.getMethod())
                    + ",\"path\":" + json(request.getRequestURI()) + ",\"query\":" + json(request.getQueryString()) + "}");
        }

        private static String json(String value) {
            if (value == null) {
                return "null";
            }
            StringBuilder out = new StringBuilder(value.length() + 2).append('"');
            for (char c : value.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }
    }
}

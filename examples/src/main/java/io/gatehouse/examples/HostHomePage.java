package io.gatehouse.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/** The host application's own home page: says what this application is and lists the proxy's routes. */
final class HostHomePage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final String mountPrefix;
    private final List<String> routes;

    /**
     * @param mountPrefix where the proxy is mounted, e.g. {@code /api}
     * @param routes the route lines to list (see {@link RouteSummary})
     */
    HostHomePage(String mountPrefix, List<String> routes) {
        this.mountPrefix = mountPrefix;
        this.routes = List.copyOf(routes);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        PrintWriter page = response.getWriter();
        page.println("This is the host application.");
        page.println("It serves this page at /, its own servlet at /host/*, and mounts Gatehouse at "
                + mountPrefix + "/* with these routes:");
        page.println();
        routes.forEach(route -> page.println("  " + route));
        page.println();
        page.println("Anything else under " + mountPrefix + " is answered 404 with application/problem+json.");
    }
}

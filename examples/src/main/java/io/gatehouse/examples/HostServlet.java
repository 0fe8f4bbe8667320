package io.gatehouse.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A servlet of the host application's own at {@code /host/*}, to show that the proxy leaves it alone. */
final class HostServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().println("This is the host application's own servlet; you asked for /host"
                + (request.getPathInfo() == null ? "" : request.getPathInfo()));
    }
}

package io.gatehouse.proxy.jetty.admin;

import io.gatehouse.proxy.http.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;

/** An admin request as the core's access classes read it: its peer and its headers (for trusted forwarders). */
final class AdminRequestView implements RequestView {

    private final HttpServletRequest request;

    AdminRequestView(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String scheme() {
        return request.getScheme();
    }

    @Override
    public String host() {
        return request.getServerName();
    }

    @Override
    public int port() {
        return request.getServerPort();
    }

    @Override
    public String path() {
        String path = request.getPathInfo();
        return path == null ? "/" : path;
    }

    @Override
    public String query() {
        return request.getQueryString();
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public List<String> headers(String name) {
        return Collections.list(request.getHeaders(name));
    }

    @Override
    public String remoteAddress() {
        return request.getRemoteAddr();
    }
}

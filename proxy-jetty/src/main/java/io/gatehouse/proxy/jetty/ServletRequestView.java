package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.http.RequestPaths;
import io.gatehouse.proxy.http.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/** The core's view of a client-to-proxy servlet request. */
final class ServletRequestView implements RequestView {

    private final HttpServletRequest clientRequest;
    private final String mountPrefix;
    private final String path;

    ServletRequestView(HttpServletRequest clientRequest) {
        this.clientRequest = clientRequest;
        String rawUri = RequestPaths.removeDotSegments(clientRequest.getRequestURI());
        String decodedPrefix = clientRequest.getContextPath() + clientRequest.getServletPath();
        int prefixLength = RequestPaths.rawPrefixLength(rawUri, decodedPrefix);
        this.mountPrefix = rawUri.substring(0, prefixLength);
        String below = rawUri.substring(prefixLength);
        this.path = below.isEmpty() ? "/" : below;
    }

    /** The raw path prefix the servlet is mounted at, as the client spelled it. */
    String mountPrefix() {
        return mountPrefix;
    }

    @Override
    public String method() {
        return clientRequest.getMethod();
    }

    @Override
    public String scheme() {
        return clientRequest.getScheme();
    }

    @Override
    public String host() {
        String host = clientRequest.getServerName();
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }

    @Override
    public int port() {
        return clientRequest.getServerPort();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return clientRequest.getQueryString();
    }

    @Override
    public String header(String name) {
        return clientRequest.getHeader(name);
    }

    @Override
    public List<String> headers(String name) {
        Enumeration<String> values = clientRequest.getHeaders(name);
        return values == null || !values.hasMoreElements() ? List.of() : Collections.list(values);
    }

    @Override
    public String remoteAddress() {
        return clientRequest.getRemoteAddr();
    }
}

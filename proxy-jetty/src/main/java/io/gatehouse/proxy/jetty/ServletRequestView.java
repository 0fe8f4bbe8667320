package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.http.RequestPaths;
import io.gatehouse.proxy.http.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ServletApiRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/** The core's view of a client-to-proxy servlet request. */
final class ServletRequestView implements RequestView {

    private final HttpServletRequest clientRequest;
    /** Jetty's own fields of the request, or null when a host filter wrapped it (its wrapper may change headers). */
    private final HttpFields fields;
    private final String mountPrefix;
    private final String path;

    ServletRequestView(HttpServletRequest clientRequest) {
        this.clientRequest = clientRequest;
        this.fields = clientRequest instanceof ServletApiRequest
                ? ServletContextRequest.getServletContextRequest(clientRequest).getHeaders() : null;
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
        if (fields != null) {
            // Read from Jetty's fields: most headers asked for are absent, which then costs no list or enumeration.
            HttpHeader known = HttpHeader.CACHE.get(name);
            if (known != null ? fields.getField(known) == null : fields.getField(name) == null) {
                return List.of();
            }
            return known != null ? fields.getValuesList(known) : fields.getValuesList(name);
        }
        Enumeration<String> values = clientRequest.getHeaders(name);
        return values == null || !values.hasMoreElements() ? List.of() : Collections.list(values);
    }

    @Override
    public String remoteAddress() {
        return clientRequest.getRemoteAddr();
    }
}

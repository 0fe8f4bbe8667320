package io.gatehouse.proxy.cache;

import io.gatehouse.proxy.http.RequestView;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A copy of the parts of a request a background revalidation needs once the client's own
 * request is gone: method, target and the header fields named when it was taken.
 */
final class RequestSnapshot implements RequestView {

    private final String method;
    private final String scheme;
    private final String host;
    private final int port;
    private final String path;
    private final String query;
    private final String remoteAddress;
    private final Map<String, List<String>> headers = new HashMap<>();

    RequestSnapshot(RequestView request, Set<String> names) {
        this.method = request.method();
        this.scheme = request.scheme();
        this.host = request.host();
        this.port = request.port();
        this.path = request.path();
        this.query = request.query();
        this.remoteAddress = request.remoteAddress();
        for (String name : names) {
            headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(request.headers(name)));
        }
    }

    /** Whether every one of these (lower-case) header names was copied. */
    boolean covers(List<String> names) {
        return headers.keySet().containsAll(names);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }
}

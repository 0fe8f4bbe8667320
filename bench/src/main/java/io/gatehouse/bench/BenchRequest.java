package io.gatehouse.bench;

import io.gatehouse.proxy.http.RequestView;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client-to-proxy request the benchmarks feed the core: immutable, built once in a
 * {@code @Setup}, headers looked up case-insensitively without allocating (as the adapter's view
 * over Jetty's {@code HttpFields} does). Defaults: {@code GET http://gateway.example.com:80},
 * no query, no headers, peer {@code 127.0.0.1}.
 */
public final class BenchRequest implements RequestView {

    private final String method;
    private final String scheme;
    private final String host;
    private final int port;
    private final String path;
    private final String query;
    private final String remoteAddress;
    private final Map<String, List<String>> headers;

    private BenchRequest(String method, String scheme, String host, int port, String path, String query,
                         String remoteAddress, Map<String, List<String>> headers) {
        this.method = method;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
        this.query = query;
        this.remoteAddress = remoteAddress;
        this.headers = headers;
    }

    /** A {@code GET} of {@code path} with the defaults. */
    public static BenchRequest get(String path) {
        return new BenchRequest("GET", "http", "gateway.example.com", 80, path, null, "127.0.0.1",
                Collections.emptyMap());
    }

    public BenchRequest method(String method) {
        return new BenchRequest(method, scheme, host, port, path, query, remoteAddress, headers);
    }

    /** The address the client used: scheme, host and port. */
    public BenchRequest origin(String scheme, String host, int port) {
        return new BenchRequest(method, scheme, host, port, path, query, remoteAddress, headers);
    }

    public BenchRequest query(String query) {
        return new BenchRequest(method, scheme, host, port, path, query, remoteAddress, headers);
    }

    public BenchRequest remoteAddress(String remoteAddress) {
        return new BenchRequest(method, scheme, host, port, path, query, remoteAddress, headers);
    }

    /** Adds headers, given as name, value, name, value, ... */
    public BenchRequest headers(String... namesAndValues) {
        Map<String, List<String>> more = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        more.putAll(headers);
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            more.merge(namesAndValues[i], List.of(namesAndValues[i + 1]),
                    (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
        }
        return new BenchRequest(method, scheme, host, port, path, query, remoteAddress, Collections.unmodifiableMap(more));
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
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }
}

package io.gatehouse.proxy.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A client-to-proxy request for tests: {@code GET http://example.com/} from {@code 192.0.2.1}
 * unless told otherwise. Header names are case-insensitive, as {@link RequestView} requires.
 */
public final class FakeRequest implements RequestView {

    private String method = "GET";
    private String scheme = "http";
    private String host = "example.com";
    private int port = 80;
    private String path = "/";
    private String query;
    private String remoteAddress = "192.0.2.1";
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    private FakeRequest() {
    }

    /** {@code GET} of this raw path, e.g. {@code /users/7}. */
    public static FakeRequest get(String path) {
        return new FakeRequest().path(path);
    }

    public FakeRequest method(String method) {
        this.method = method;
        return this;
    }

    public FakeRequest scheme(String scheme) {
        this.scheme = scheme;
        return this;
    }

    /** The host as the adapter hands it over: lower case, without port. */
    public FakeRequest host(String host) {
        this.host = host;
        return this;
    }

    public FakeRequest port(int port) {
        this.port = port;
        return this;
    }

    public FakeRequest path(String path) {
        this.path = path;
        return this;
    }

    /** The raw query, without {@code ?}. */
    public FakeRequest query(String query) {
        this.query = query;
        return this;
    }

    public FakeRequest remoteAddress(String remoteAddress) {
        this.remoteAddress = remoteAddress;
        return this;
    }

    /** Adds one header line. */
    public FakeRequest header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
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
        return List.copyOf(headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String toString() {
        return method + " " + scheme + "://" + host + ":" + port + path + (query == null ? "" : "?" + query) + " " + headers;
    }
}

package io.gatehouse.proxy.jetty.admin;

import io.gatehouse.proxy.access.CidrSet;
import io.gatehouse.proxy.access.ClientAddressResolver;
import io.gatehouse.proxy.access.IpAddress;
import io.gatehouse.proxy.access.IpAccessList;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.engine.ProxyEngine;
import io.gatehouse.proxy.http.Problem;
import io.gatehouse.proxy.jetty.edge.ProblemResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jetty.util.ajax.JSON;

/**
 * The admin API (JSON) and the status page of one proxy servlet, below the path it is mounted at:
 *
 * <pre>
 * GET    /                  the status page (HTML, inline CSS and JavaScript; polls api/status every second)
 * GET    /api/status        routes with traffic, groups with upstream state, cache figures: what the page shows
 * GET    /api/routes        the routes, each with its requests, errors, cache hits and misses since start
 * GET    /api/upstreams     the groups, each upstream with health, in-flight count, latency, ejections
 * GET    /api/cache         the cache's entries, bytes, hits, misses and hit ratio
 * GET    /api/config        the configuration in force
 * DELETE /api/cache?uri=U   purges the responses stored for absolute URI U ({@code prefix=P}: every key starting
 *                           with P; {@code all=true}: everything)
 * POST   /api/cache/purge   the same, with a JSON body {"uri": U} / {"prefix": P} / {"all": true}
 * </pre>
 *
 * Every request is checked first against the access list, with the client address the resolver
 * finds (the socket peer unless it is a trusted forwarder): a refused client gets a 403 problem
 * (RFC 9457) and learns nothing else. A purge from a page of another origin (its {@code Origin}
 * is not this server) is refused too, and the POST form takes JSON only, which a cross-site form
 * cannot send without a CORS preflight this servlet never grants. Answers are never cached
 * ({@code Cache-Control: no-store}).
 */
public final class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String JSON_TYPE = "application/json";
    private static final String PAGE = "status.html";
    private static final CidrSet LOOPBACK = CidrSet.of("127.0.0.0/8", "::1/128");
    /** The page's own resources only; the inline script and style are the page's. */
    private static final String PAGE_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
            + " connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final transient Supplier<ProxyEngine> engine;
    private final transient RouteTraffic traffic;
    private final transient IpAccessList allowed;
    private final transient ClientAddressResolver clients;
    private final boolean localNamesOnly;
    private final transient Supplier<String> summary;
    private final transient Supplier<? extends Map<String, ?>> source;
    private final transient byte[] page;

    /**
     * @param engine the proxy's engine in force, read per request (it changes on {@code update})
     * @param traffic the proxy's per-route counters
     * @param allowed who may use the API and see the page
     * @param clients how the client address is found (trusted forwarders)
     * @param localNamesOnly whether the {@code Host} must name this machine ({@code localhost} or a loopback
     *     address), against DNS rebinding
     * @param summary the one-line summary of the configuration in force
     * @param source where the configuration comes from and how its reloads went (e.g. a watched
     *     file's applied and refused changes, the last error), shown under {@code source} in
     *     {@code api/config}; null when the configuration is code only
     */
    public AdminServlet(Supplier<ProxyEngine> engine, RouteTraffic traffic, IpAccessList allowed,
                        ClientAddressResolver clients, boolean localNamesOnly, Supplier<String> summary,
                        Supplier<? extends Map<String, ?>> source) {
        this.source = source;
        this.engine = Objects.requireNonNull(engine, "engine");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.allowed = Objects.requireNonNull(allowed, "allowed");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.localNamesOnly = localNamesOnly;
        this.summary = Objects.requireNonNull(summary, "summary");
        this.page = readPage();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!allowed.permits(clients.resolve(new AdminRequestView(request)).ip())) {
            problem(response, 403, "the admin API only answers the clients its access list allows");
            return;
        }
        if (localNamesOnly && !localName(request.getServerName())) {
            problem(response, 403, "the admin API only answers requests for localhost or a loopback address"
                    + " (Host: " + request.getServerName() + ")");
            return;
        }
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        AdminSnapshot snapshot = new AdminSnapshot(engine.get(), traffic);
        switch (path) {
            case "/", "/index.html" -> {
                if (allow(request, response, "GET, HEAD")) {
                    response.setContentType("text/html;charset=utf-8");
                    response.setHeader("Content-Security-Policy", PAGE_POLICY);
                    response.setContentLength(page.length);
                    if (!"HEAD".equals(method)) {
                        response.getOutputStream().write(page);
                    }
                }
            }
            case "/api/status" -> get(request, response, snapshot::status);
            case "/api/routes" -> get(request, response, snapshot::routes);
            case "/api/upstreams" -> get(request, response, snapshot::groups);
            case "/api/cache" -> {
                if ("DELETE".equals(method)) {
                    purge(request, response, request.getParameter("uri"), request.getParameter("prefix"),
                            request.getParameter("all"));
                } else {
                    get(request, response, snapshot::cache);
                }
            }
            case "/api/cache/purge" -> {
                if (allow(request, response, "POST")) {
                    purgeFromBody(request, response);
                }
            }
            case "/api/config" -> get(request, response, () -> {
                Map<String, Object> config = snapshot.config(summary.get());
                if (source != null) {
                    config.put("source", source.get());
                }
                return config;
            });
            default -> problem(response, 404, "no admin resource at this path (the API is under api/:"
                    + " status, routes, upstreams, cache, config)");
        }
    }

    private void get(HttpServletRequest request, HttpServletResponse response, Supplier<Object> document)
            throws IOException {
        if (allow(request, response, "/api/cache".equals(request.getPathInfo()) ? "GET, HEAD, DELETE" : "GET, HEAD")) {
            json(response, 200, document.get());
        }
    }

    /** POST /api/cache/purge with {"uri": ...}, {"prefix": ...} or {"all": true}. */
    private void purgeFromBody(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(JSON_TYPE)) {
            problem(response, 415, "a purge takes a JSON body (Content-Type: application/json), e.g."
                    + " {\"uri\": \"http://example.com/a\"}, {\"prefix\": \"http://example.com/static/\"} or {\"all\": true}");
            return;
        }
        Object body;
        try {
            body = new JSON().fromJSON(new String(request.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | IllegalStateException e) {
            body = null;
        }
        if (!(body instanceof Map<?, ?> fields)) {
            problem(response, 400, "the purge body is not a JSON object (expected: {\"uri\": \"http://example.com/a\"},"
                    + " {\"prefix\": \"...\"} or {\"all\": true})");
            return;
        }
        purge(request, response, text(fields.get("uri")), text(fields.get("prefix")), text(fields.get("all")));
    }

    private void purge(HttpServletRequest request, HttpServletResponse response, String uri, String prefix, String all)
            throws IOException {
        if (crossOrigin(request)) {
            problem(response, 403, "a purge from a page of another origin is refused");
            return;
        }
        HttpCache cache = engine.get().config().httpCache();
        if (cache == null) {
            problem(response, 404, "the proxy has no cache (ProxyConfig.Builder.httpCache)");
            return;
        }
        int given = (uri == null ? 0 : 1) + (prefix == null ? 0 : 1) + (all == null ? 0 : 1);
        if (given != 1) {
            problem(response, 400, "a purge names exactly one of uri (an absolute URI), prefix (the start of stored"
                    + " URIs, e.g. http://example.com/static/) or all=true");
            return;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (uri != null) {
            try {
                result.put("uri", uri);
                result.put("purged", cache.purge(uri) ? 1 : 0);
            } catch (IllegalArgumentException e) {
                problem(response, 400, "uri: '" + uri + "' (expected: an absolute http(s) URI such as"
                        + " http://example.com/path?query)");
                return;
            }
        } else if (prefix != null) {
            if (prefix.isEmpty()) {
                problem(response, 400, "prefix: empty (expected: the start of stored URIs, e.g."
                        + " http://example.com/static/; all=true purges everything)");
                return;
            }
            result.put("prefix", prefix);
            result.put("purged", cache.purgePrefix(prefix));
        } else {
            if (!"true".equals(all)) {
                problem(response, 400, "all: '" + all + "' (expected: true)");
                return;
            }
            long before = cache.size();
            cache.purgeAll();
            result.put("all", true);
            result.put("purged", before);
        }
        json(response, 200, result);
    }

    /** Whether a host name names this machine: {@code localhost} (RFC 6761 §6.3) or a loopback literal. */
    static boolean localName(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost") || h.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
            return true;
        }
        IpAddress address = IpAddress.tryParse(h);
        return address != null && LOOPBACK.contains(address);
    }

    /** Whether an {@code Origin} is present and names another server than the one asked (RFC 6454 §7). */
    private static boolean crossOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            int port = o.getPort() >= 0 ? o.getPort() : "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
            return o.getHost() == null || !o.getHost().equalsIgnoreCase(request.getServerName())
                    || port != request.getServerPort();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static boolean allow(HttpServletRequest request, HttpServletResponse response, String methods)
            throws IOException {
        if (java.util.Arrays.asList(methods.split(", ")).contains(request.getMethod())) {
            return true;
        }
        ProblemResponses.send(response, Problem.of(405, request.getMethod() + " is not allowed here (allowed: " + methods
                + ")"), Map.of("Allow", methods), false);
        return false;
    }

    private static void json(HttpServletResponse response, int status, Object document) throws IOException {
        byte[] body = new JSON().toJSON(document).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(JSON_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void problem(HttpServletResponse response, int status, String detail) throws IOException {
        ProblemResponses.send(response, Problem.of(status, detail), Map.of(), false);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static byte[] readPage() {
        try (InputStream in = AdminServlet.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the class path beside " + AdminServlet.class);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

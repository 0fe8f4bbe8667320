package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.cache.PurgeMethod;
import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.engine.ProxyEngine;
import io.gatehouse.proxy.http.Problem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Answers a {@code PURGE} request from the cache when the cache has a {@link PurgeMethod}: 200
 * with a small JSON body when stored responses were removed, 404 (problem) when nothing was
 * stored for the target URI, the purge method's denial (403 problem) otherwise. Runs on the
 * request thread, after the route's access rules and rate limits; the request is never
 * forwarded.
 */
final class PurgeRequests {

    private PurgeRequests() {
    }

    /** Whether this routed request is a {@code PURGE} the cache answers itself. */
    static boolean answers(ProxyEngine engine, Decision.Forward forward) {
        HttpCache cache = engine.config().httpCache();
        return cache != null && cache.purgeMethod() != null && PurgeMethod.METHOD.equals(forward.request().method());
    }

    /** Checks the client, purges the target URI under the route's key, writes the answer and closes the decision. */
    static void answer(ProxyEngine engine, Decision.Forward forward, HttpServletResponse proxyToClientResponse)
            throws IOException {
        try {
            HttpCache cache = engine.config().httpCache();
            Verdict verdict = cache.purgeMethod().check(forward.request());
            if (verdict instanceof Verdict.Deny deny) {
                ProblemResponses.send(proxyToClientResponse, deny.problem(), with(deny.headers(), forward), false);
                return;
            }
            boolean purged = cache.purge(forward.request(), forward.plan().mountPrefix(), forward.plan().route().cache());
            if (!purged) {
                ProblemResponses.send(proxyToClientResponse,
                        Problem.of(404, "No stored response for this URI."), with(Map.of(), forward), false);
                return;
            }
            forward.responseHeaders().forEach(proxyToClientResponse::setHeader);
            byte[] body = "{\"status\":200,\"title\":\"Purged\"}".getBytes(StandardCharsets.US_ASCII);
            proxyToClientResponse.setStatus(200);
            proxyToClientResponse.setHeader("Cache-Control", "no-store");
            proxyToClientResponse.setContentType("application/json");
            proxyToClientResponse.setContentLength(body.length);
            proxyToClientResponse.getOutputStream().write(body);
        } finally {
            forward.close();
        }
    }

    /** The headers of a problem answer: the denial's own and the request's extras (request id, rate limits). */
    private static Map<String, String> with(Map<String, String> headers, Decision.Forward forward) {
        if (forward.responseHeaders().isEmpty()) {
            return headers;
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(forward.responseHeaders());
        all.putAll(headers);
        return all;
    }
}

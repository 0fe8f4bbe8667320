package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.rules.RequestRules;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The small WAF through a real proxy: scanners' user agents, probes for secrets and admin
 * pages, refused methods and {@code TRACE} get their status as problem+json, each denial is
 * counted by rule, and the upstream sees none of them.
 */
class RequestRulesTest extends ProxyIntegrationTest {

    private static Backend backend;
    private static EdgeProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        backend = Backend.ok("ok");
        proxy = EdgeProxy.start(ProxyConfig.builder()
                .rules(RequestRules.denyUserAgents("sqlmap", "nikto", "masscan"),
                        RequestRules.commonProbes().withStatus(404))
                .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                .route("read-only", r -> r.pathPrefix("/catalog")
                        .rules(RequestRules.denyMethods("PUT", "DELETE", "PATCH")).to("g"))
                .route("site", r -> r.pathPrefix("/")
                        .rules(RequestRules.denyPaths("/internal"), RequestRules.denyPathsMatching("\\.php$")).to("g"))
                .build());
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        backend.close();
    }

    private static ContentResponse send(String method, String path, String userAgent) throws Exception {
        return client.newRequest(proxy.uri(path)).method(method).agent(userAgent).send();
    }

    private static void assertProblem(int status, ContentResponse response) {
        assertEquals(status, response.getStatus(), response.getContentAsString());
        assertEquals("application/problem+json", response.getMediaType());
        assertTrue(response.getContentAsString().contains("\"status\":" + status), response.getContentAsString());
    }

    private static long denials(String rule) throws Exception {
        return proxy.servlet().engine().ruleDenials().count(rule);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlmap/1.7.2#stable (https://sqlmap.org)", "Mozilla/5.00 (Nikto/2.1.6)", "masscan/1.3"})
    void scannerUserAgentsAre403(String userAgent) throws Exception {
        int before = backend.arrivals();
        long counted = denials("user-agent");
        assertProblem(403, send("GET", "/api/catalog/1", userAgent));
        assertEquals(counted + 1, denials("user-agent"));
        assertEquals(before, backend.arrivals());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/.env", "/api/app/.env", "/api/.ENV", "/api/%2eenv", "/api/wp-admin/install.php",
        "/api/wp-login.php", "/api/.git/config", "/api/catalog/.aws/credentials"})
    void probesForSecretsAndAdminPagesAre404(String path) throws Exception {
        int before = backend.arrivals();
        long counted = denials("probe");
        assertProblem(404, send("GET", path, "Mozilla/5.0"));
        assertEquals(counted + 1, denials("probe"));
        assertEquals(before, backend.arrivals());
    }

    @Test
    void aRoutesOwnPathRulesApplyOnItsPaths() throws Exception {
        int before = backend.arrivals();
        assertProblem(403, send("GET", "/api/internal/metrics", "Mozilla/5.0"));
        assertProblem(403, send("GET", "/api/index.php", "Mozilla/5.0"));
        assertEquals(before, backend.arrivals());
        assertEquals(200, send("GET", "/api/internals-guide", "Mozilla/5.0").getStatus(), "segment-wise, not by prefix");
    }

    @Test
    void refusedMethodsAre405WithAllow() throws Exception {
        int before = backend.arrivals();
        long counted = denials("method");
        ContentResponse response = send("DELETE", "/api/catalog/1", "Mozilla/5.0");
        assertProblem(405, response);
        String allow = response.getHeaders().get(HttpHeader.ALLOW);
        assertNotNull(allow);
        assertTrue(allow.contains("GET") && !allow.contains("DELETE"), allow);
        assertProblem(405, send("PUT", "/api/catalog/1", "Mozilla/5.0"));
        assertEquals(counted + 2, denials("method"));
        assertEquals(before, backend.arrivals());
        assertEquals(200, send("DELETE", "/api/elsewhere/1", "Mozilla/5.0").getStatus(), "the rule is the route's");
    }

    @Test
    void traceIs405AndNeverForwarded() throws Exception {
        int before = backend.arrivals();
        String response = RawHttp.exchange(proxy.port(), "TRACE /api/catalog/1 HTTP/1.1\r\nHost: x\r\n"
                + "Cookie: session=secret\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 405 "), response);
        assertTrue(RawHttp.head(response).contains("Content-Type: application/problem+json"), response);
        assertTrue(RawHttp.head(response).contains("Allow: "), response);
        assertTrue(!response.contains("session=secret"), "TRACE reflected the request: " + response);
        assertEquals(405, send("trace", "/api/catalog/1", "Mozilla/5.0").getStatus(), "whatever the case");
        assertEquals(before, backend.arrivals());
    }

    @Test
    void ordinaryRequestsPass() throws Exception {
        assertEquals(200, send("GET", "/api/catalog/1", "Mozilla/5.0 (X11; Linux x86_64)").getStatus());
        assertEquals(200, send("GET", "/api/environment", "curl/8.5.0").getStatus());
    }
}

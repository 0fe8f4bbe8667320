package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.access.AccessPolicies;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/**
 * The access policies through a real proxy: API key, HTTP Basic and bearer token. Refused
 * requests get 401 problem+json with a {@code WWW-Authenticate} challenge and never reach the
 * upstream; the credentials the proxy consumed are not forwarded unless the route says so.
 */
class AuthenticationTest extends ProxyIntegrationTest {

    private static ProxyConfig config(Backend backend) {
        return ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                .route("keyed", r -> r.pathPrefix("/keyed")
                        .access(AccessPolicies.apiKey("X-API-Key", Set.of("k-123", "k-456"))).to("g"))
                .route("keyed-pass", r -> r.pathPrefix("/keyed-pass").forwardCredentials(true)
                        .access(AccessPolicies.apiKey("X-API-Key", Set.of("k-123"))).to("g"))
                .route("basic", r -> r.pathPrefix("/basic")
                        .access(AccessPolicies.basic("staff", (user, password) -> user.equals("ada")
                                && password.equals("correct horse"))).to("g"))
                .route("bearer", r -> r.pathPrefix("/bearer")
                        .access(AccessPolicies.bearer("api", token -> token.equals("t0ken"))).to("g"))
                .build();
    }

    private static ContentResponse get(EdgeProxy proxy, String path, Consumer<HttpFields.Mutable> headers) throws Exception {
        return client.newRequest(proxy.uri(path)).headers(headers).send();
    }

    private static void assertUnauthorized(ContentResponse response, String challenge) {
        assertEquals(401, response.getStatus(), response.getContentAsString());
        assertEquals("application/problem+json", response.getMediaType());
        assertEquals(challenge, response.getHeaders().get("WWW-Authenticate"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void apiKeyIsRequiredCheckedAndNotForwarded() throws Exception {
        try (Backend backend = Backend.ok("ok"); EdgeProxy proxy = EdgeProxy.start(config(backend))) {
            String challenge = "ApiKey header=\"X-API-Key\"";
            assertUnauthorized(get(proxy, "/api/keyed/1", h -> { }), challenge);
            assertUnauthorized(get(proxy, "/api/keyed/1", h -> h.put("X-API-Key", "k-12")), challenge);
            assertUnauthorized(get(proxy, "/api/keyed/1", h -> h.put("X-API-Key", "k-1234")), challenge);
            assertUnauthorized(get(proxy, "/api/keyed/1", h -> h.add("X-API-Key", "k-123").add("X-API-Key", "k-456")),
                    challenge);
            assertEquals(0, backend.arrivals());

            assertEquals(200, get(proxy, "/api/keyed/1", h -> h.put("X-API-Key", "k-456")).getStatus());
            Backend.Seen seen = backend.take();
            assertEquals("/keyed/1", seen.target());
            assertNull(seen.header("X-API-Key"), "the proxy's key reached the upstream");
        }
    }

    @Test
    void apiKeyIsForwardedWhenTheRouteSaysSo() throws Exception {
        try (Backend backend = Backend.ok("ok"); EdgeProxy proxy = EdgeProxy.start(config(backend))) {
            assertEquals(200, get(proxy, "/api/keyed-pass/1", h -> h.put("X-API-Key", "k-123")).getStatus());
            assertEquals("k-123", backend.take().header("X-API-Key"));
        }
    }

    @Test
    void basicAuthenticationChallengesChecksAndDoesNotForwardTheCredentials() throws Exception {
        try (Backend backend = Backend.ok("ok"); EdgeProxy proxy = EdgeProxy.start(config(backend))) {
            String challenge = "Basic realm=\"staff\", charset=\"UTF-8\"";
            assertUnauthorized(get(proxy, "/api/basic/1", h -> { }), challenge);
            assertUnauthorized(get(proxy, "/api/basic/1", h -> h.put("Authorization", basic("ada", "wrong"))), challenge);
            assertUnauthorized(get(proxy, "/api/basic/1", h -> h.put("Authorization", basic("bob", "correct horse"))),
                    challenge);
            assertUnauthorized(get(proxy, "/api/basic/1", h -> h.put("Authorization", "Basic !!!not-base64")), challenge);
            assertUnauthorized(get(proxy, "/api/basic/1", h -> h.put("Authorization", "Bearer t0ken")), challenge);
            assertEquals(0, backend.arrivals());

            assertEquals(200, get(proxy, "/api/basic/1", h -> h.put("Authorization", basic("ada", "correct horse")))
                    .getStatus());
            assertNull(backend.take().header("Authorization"), "the proxy's credentials reached the upstream");
        }
    }

    @Test
    void bearerTokensGoToTheVerifierAndAreNotForwarded() throws Exception {
        try (Backend backend = Backend.ok("ok"); EdgeProxy proxy = EdgeProxy.start(config(backend))) {
            assertUnauthorized(get(proxy, "/api/bearer/1", h -> { }), "Bearer realm=\"api\"");
            assertUnauthorized(get(proxy, "/api/bearer/1", h -> h.put("Authorization", "Bearer nope")),
                    "Bearer realm=\"api\", error=\"invalid_token\"");
            assertEquals(0, backend.arrivals());

            assertEquals(200, get(proxy, "/api/bearer/1", h -> h.put("Authorization", "Bearer t0ken")).getStatus());
            assertNull(backend.take().header("Authorization"));
        }
    }

    @Test
    void routesWithoutPoliciesPassTheClientsAuthorizationOn() throws Exception {
        try (Backend backend = Backend.ok("ok");
             EdgeProxy proxy = EdgeProxy.start(ProxyConfig.builder()
                     .upstreamGroup("g", g -> g.upstream(backend.uri().toString()))
                     .route("all", r -> r.to("g"))
                     .build())) {
            assertEquals(200, get(proxy, "/api/x", h -> h.put("Authorization", "Bearer theirs")).getStatus());
            assertEquals("Bearer theirs", backend.take().header("Authorization"));
        }
    }

    @Test
    void aRefusalSaysNothingOfTheCredentialsOrTheUpstream() throws Exception {
        try (Backend backend = Backend.ok("ok"); EdgeProxy proxy = EdgeProxy.start(config(backend))) {
            String body = get(proxy, "/api/keyed/1", h -> h.put("X-API-Key", "guess-1")).getContentAsString();
            assertTrue(!body.contains("guess-1") && !body.contains(String.valueOf(backend.port())), body);
        }
    }
}

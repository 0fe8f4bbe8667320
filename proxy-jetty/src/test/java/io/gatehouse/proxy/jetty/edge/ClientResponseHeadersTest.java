package io.gatehouse.proxy.jetty.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.engine.ForwardPlan;
import io.gatehouse.proxy.engine.ProxyEngine;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientResponseHeaders#copy} of an upstream head onto the client response's fields, without
 * sockets: the fast paths (rules by header enum, the shared {@code Date}-only preset, the prebuilt
 * {@code Via}) give what the rules of RFC 9110 §7.6 say.
 */
class ClientResponseHeadersTest {

    private static final String ORIGIN = "http://proxy.example:8080";

    private static ForwardPlan plan(boolean passServerHeaders) {
        ProxyConfig config = ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream("http://10.0.0.7:8080"))
                .route("all", r -> r.pathPrefix("/").passServerHeaders(passServerHeaders).to("g"))
                .build();
        Decision decision = ProxyEngine.of(config).decide(new Get("/x"), "");
        Decision.Forward forward = (Decision.Forward) decision;
        forward.close();
        return forward.plan().to(config.upstreamGroup("g").upstreams().get(0));
    }

    private static HttpFields.Mutable copy(HttpFields upstream, boolean passServerHeaders, HttpFields.Mutable target) {
        ClientResponseHeaders.copy(() -> ORIGIN, upstream, HttpVersion.HTTP_1_1, plan(passServerHeaders), "gatehouse", target);
        return target;
    }

    private static List<String> names(HttpFields fields) {
        return fields.stream().map(HttpField::getName).toList();
    }

    @Test
    void keepAliveResponseLosesHopByHopAndServerHeadersAndTheUpstreamDateReplacesTheServers() {
        HttpFields upstream = HttpFields.build()
                .add(HttpHeader.SERVER, "nginx").add(HttpHeader.DATE, "upstream date")
                .add(HttpHeader.CONTENT_TYPE, "text/plain").add(HttpHeader.CONNECTION, "keep-alive")
                .add(HttpHeader.KEEP_ALIVE, "timeout=5").add(HttpHeader.ETAG, "\"e\"").add("X-Powered-By", "php");

        HttpFields.Mutable out = copy(upstream, false, HttpFields.build().add(HttpHeader.DATE, "server date"));

        assertEquals(List.of("Date", "Content-Type", "ETag", "Via"), names(out));
        assertEquals("upstream date", out.get(HttpHeader.DATE));
        assertEquals("1.1 gatehouse", out.get(HttpHeader.VIA));
    }

    @Test
    void headersNamedInConnectionAreDroppedWhetherJettyKnowsThemOrNot() {
        HttpFields upstream = HttpFields.build()
                .add(HttpHeader.CONNECTION, "ETag, X-Foo").add(HttpHeader.CONNECTION, "Cache-Control")
                .add(HttpHeader.ETAG, "\"e\"").add("X-Foo", "1").add(HttpHeader.CACHE_CONTROL, "no-cache")
                .add(HttpHeader.CONTENT_TYPE, "text/plain");

        HttpFields.Mutable out = copy(upstream, false, HttpFields.build());

        assertEquals(List.of("Content-Type", "Via"), names(out));
    }

    @Test
    void upstreamViaIsAppendedToOnlyWhenTheRoutePassesServerHeaders() {
        HttpFields upstream = HttpFields.build().add(HttpHeader.VIA, "1.0 inner").add(HttpHeader.SERVER, "nginx");

        HttpFields.Mutable passed = copy(upstream, true, HttpFields.build());
        HttpFields.Mutable hidden = copy(upstream, false, HttpFields.build());

        assertEquals("1.0 inner, 1.1 gatehouse", passed.get(HttpHeader.VIA));
        assertEquals("nginx", passed.get(HttpHeader.SERVER));
        assertEquals("1.1 gatehouse", hidden.get(HttpHeader.VIA));
        assertNull(hidden.get(HttpHeader.SERVER));
    }

    @Test
    void locationOnTheUpstreamIsMappedToThePublicOrigin() {
        HttpFields upstream = HttpFields.build().add(HttpHeader.LOCATION, "http://10.0.0.7:8080/next");

        assertEquals(ORIGIN + "/next", copy(upstream, false, HttpFields.build()).get(HttpHeader.LOCATION));
    }

    @Test
    void aNameTheHostSetIsReplacedByTheFirstUpstreamFieldAndAddedToByTheOthers() {
        HttpFields upstream = HttpFields.build().add("X-Tier", "b").add("X-Tier", "c").add(HttpHeader.DATE, "d1")
                .add(HttpHeader.DATE, "d2");

        HttpFields.Mutable out = copy(upstream, false,
                HttpFields.build().add(HttpHeader.DATE, "server date").add("X-Tier", "host"));

        assertEquals(List.of("b", "c"), out.getValuesList("X-Tier"));
        assertEquals(List.of("d2"), out.getValuesList(HttpHeader.DATE));
    }

    /** A GET of {@code path} on {@code proxy.example:8080} from 127.0.0.1, no headers. */
    private record Get(String path) implements RequestView {
        @Override public String method() { return "GET"; }
        @Override public String scheme() { return "http"; }
        @Override public String host() { return "proxy.example"; }
        @Override public int port() { return 8080; }
        @Override public String query() { return null; }
        @Override public String header(String name) { return null; }
        @Override public List<String> headers(String name) { return List.of(); }
        @Override public String remoteAddress() { return "127.0.0.1"; }
    }
}

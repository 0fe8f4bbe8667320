package io.gatehouse.proxy.jetty;

import io.gatehouse.bench.BenchRequest;
import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.engine.ForwardPlan;
import io.gatehouse.proxy.engine.ProxyEngine;
import io.gatehouse.proxy.jetty.edge.ClientResponseHeaders;
import io.gatehouse.proxy.jetty.forward.UpstreamRequestHeaders;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Jetty adapter's per-exchange header copies with Jetty's {@link HttpFields}, as a forwarded
 * request runs them (what {@code HeaderTransformBenchmark} leaves out): {@code UpstreamRequestHeaders.build}
 * (the proxy-to-server request's fields from the client's, the proxy's own headers added) and
 * {@code ClientResponseHeaders.copy} (the upstream response's fields onto the client response's).
 * One exchange per operation.
 *
 * <ul>
 *   <li>{@link #requestWrk}: the request {@code wrk} sends in {@code bench/load.sh} ({@code Host}
 *       only), from {@code 127.0.0.1};</li>
 *   <li>{@link #requestBrowser}: a browser's request ({@code Host, User-Agent, Accept,
 *       Accept-Encoding, Accept-Language, Cookie, Sec-Fetch-Mode}), from {@code 198.51.100.23};</li>
 *   <li>{@link #response}: the head nginx answers {@code bench/load.sh}'s {@code /1k} with
 *       ({@code Server, Date, Content-Type, Content-Length, Last-Modified, Connection: keep-alive,
 *       ETag, Accept-Ranges}) onto a client response holding the server's {@code Date}, as Jetty
 *       prepares it.</li>
 * </ul>
 *
 * <p>The plan is real: route {@code /} to {@code http://127.0.0.1:18080}, from
 * {@link ProxyEngine#decide} in {@link #setUp()}, which also checks the results once.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar HeaderCopyBenchmark -f 1 -wi 5 -w 1s -i 5 -r 1s -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderCopyBenchmark {

    private static final String VIA = "gatehouse";
    private static final Supplier<String> PUBLIC_ORIGIN = () -> "http://127.0.0.1:18087";

    private final HttpFields wrk = HttpFields.build().add(HttpHeader.HOST, "127.0.0.1:18087").asImmutable();
    private final HttpFields browser = HttpFields.build()
            .add(HttpHeader.HOST, "gateway.example.com")
            .add(HttpHeader.USER_AGENT, "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
            .add(HttpHeader.ACCEPT, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
            .add(HttpHeader.ACCEPT_ENCODING, "gzip, deflate, br")
            .add(HttpHeader.ACCEPT_LANGUAGE, "en-GB,en;q=0.5")
            .add(HttpHeader.COOKIE, "session=4b1c0f8e2d; theme=dark")
            .add("Sec-Fetch-Mode", "navigate")
            .asImmutable();
    private final HttpFields upstreamResponse = HttpFields.build()
            .add(HttpHeader.SERVER, "nginx/1.22.1")
            .add(HttpHeader.DATE, "Sat, 05 Dec 2026 12:00:00 GMT")
            .add(HttpHeader.CONTENT_TYPE, "application/octet-stream")
            .add(HttpHeader.CONTENT_LENGTH, "1024")
            .add(HttpHeader.LAST_MODIFIED, "Sat, 05 Dec 2026 11:00:00 GMT")
            .add(HttpHeader.CONNECTION, "keep-alive")
            .add(HttpHeader.ETAG, "\"6752f8a0-400\"")
            .add(HttpHeader.ACCEPT_RANGES, "bytes")
            .asImmutable();

    private Decision.Forward forward;
    private ForwardPlan plan;

    @Setup(Level.Trial)
    public void setUp() {
        ProxyConfig config = ProxyConfig.builder()
                .upstreamGroup("origin", g -> g.upstream("http://127.0.0.1:18080"))
                .route("all", r -> r.pathPrefix("/").to("origin"))
                .build();
        ProxyEngine engine = ProxyEngine.of(config);
        Decision decision = engine.decide(BenchRequest.get("/1k").origin("http", "127.0.0.1", 18087), "");
        if (!(decision instanceof Decision.Forward f)) {
            throw new IllegalStateException("expected a forward, got " + decision);
        }
        forward = f;
        plan = f.plan().to(config.upstreamGroup("origin").upstreams().get(0));

        HttpFields request = requestWrk();
        check("X-Forwarded-For", "127.0.0.1", request.get(HttpHeader.X_FORWARDED_FOR));
        check("Forwarded", "for=127.0.0.1;host=\"127.0.0.1:18087\";proto=http", request.get(HttpHeader.FORWARDED));
        check("Via", "1.1 gatehouse", request.get(HttpHeader.VIA));
        check("X-Forwarded-Port", "18087", request.get(HttpHeader.X_FORWARDED_PORT));
        check("request fields", 7, request.size());
        check("browser request fields", 13, requestBrowser().size());
        HttpFields.Mutable response = response();
        check("response Date", "Sat, 05 Dec 2026 12:00:00 GMT", response.get(HttpHeader.DATE));
        check("response Server", null, response.get(HttpHeader.SERVER));
        check("response Connection", null, response.get(HttpHeader.CONNECTION));
        check("response Via", "1.1 gatehouse", response.get(HttpHeader.VIA));
        check("response fields", 7, response.size());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        forward.close();
    }

    private static void check(String what, Object expected, Object actual) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
    }

    @Benchmark
    public HttpFields requestWrk() {
        return UpstreamRequestHeaders.build(wrk, "127.0.0.1", "http", 18087, HttpVersion.HTTP_1_1, forward, VIA);
    }

    @Benchmark
    public HttpFields requestBrowser() {
        return UpstreamRequestHeaders.build(browser, "198.51.100.23", "https", 443, HttpVersion.HTTP_1_1, forward, VIA);
    }

    @Benchmark
    public HttpFields.Mutable response() {
        HttpFields.Mutable target = HttpFields.build(16).add(HttpHeader.DATE, "Sat, 05 Dec 2026 12:00:01 GMT");
        ClientResponseHeaders.copy(PUBLIC_ORIGIN, upstreamResponse, HttpVersion.HTTP_1_1, plan, VIA, target);
        return target;
    }
}

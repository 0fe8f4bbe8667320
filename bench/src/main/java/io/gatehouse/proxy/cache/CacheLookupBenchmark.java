package io.gatehouse.proxy.cache;

import io.gatehouse.bench.BenchRequest;
import io.gatehouse.proxy.compress.CompressionPolicy;
import io.gatehouse.proxy.http.RequestView;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of {@link HttpCache#lookup} in the core, without sockets: what a cache hit costs the
 * proxy before the adapter writes the bytes.
 *
 * <ul>
 *   <li>{@link #hit}: a fresh 1 KiB JSON response with eight header lines, no {@code Vary}; the
 *       decision carries the head with {@code Age}, {@code Content-Length} and
 *       {@code Cache-Status};</li>
 *   <li>{@link #hitVary}: the same stored with {@code Vary: Accept-Encoding, Accept-Language},
 *       with two other variants stored before it;</li>
 *   <li>{@link #hitGzip}: a cache with {@link CompressionPolicy#gzip()} and a client that accepts
 *       gzip: the body gzip-encoded once at store time is served;</li>
 *   <li>{@link #hitNotModified}: the client's {@code If-None-Match} matches: a 304;</li>
 *   <li>{@link #miss}: nothing stored (coalescing off, so every miss is a plain forward).</li>
 * </ul>
 *
 * <p>The clock is fixed, so every hit stays fresh; each result is returned to JMH.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheLookupBenchmark {

    private static final long T0 = 1_700_000_000_000L;

    private final CachePolicy policy = CachePolicy.rfc9111();
    private HttpCache cache;
    private HttpCache gzipCache;
    private RequestView plain;
    private RequestView varying;
    private RequestView gzip;
    private RequestView conditional;
    private RequestView cold;

    @Setup(Level.Trial)
    public void setUp() {
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.ofEpochMilli(T0), java.time.ZoneOffset.UTC);
        cache = HttpCache.builder().clock(clock).coalescingTimeout(Duration.ZERO).build();
        gzipCache = HttpCache.builder().clock(clock).coalescingTimeout(Duration.ZERO)
                .compression(CompressionPolicy.gzip()).build();
        byte[] body = "{\"id\":42,\"name\":\"Ada Lovelace\",\"tags\":[\"a\",\"b\"]}".repeat(22).substring(0, 1024).getBytes();

        plain = request("/api/items/42", "Accept", "application/json", "Accept-Encoding", "gzip, deflate, br");
        store(cache, plain, head(null), body);
        store(gzipCache, plain, head(null), body);
        gzip = plain;

        store(cache, request("/api/items/43", "Accept-Encoding", "identity", "Accept-Language", "fr"), head("Accept-Encoding, Accept-Language"), body);
        store(cache, request("/api/items/43", "Accept-Encoding", "gzip", "Accept-Language", "de"), head("Accept-Encoding, Accept-Language"), body);
        varying = request("/api/items/43", "Accept-Encoding", "gzip, deflate, br", "Accept-Language", "en-GB, en;q=0.8");
        store(cache, varying, head("Accept-Encoding, Accept-Language"), body);

        conditional = request("/api/items/42", "If-None-Match", "\"v42\"");
        cold = request("/api/items/999");

        check(cache.lookup(plain, "", policy), 200, CacheDecision.Kind.HIT);
        check(cache.lookup(varying, "", policy), 200, CacheDecision.Kind.HIT);
        check(cache.lookup(conditional, "", policy), 304, CacheDecision.Kind.HIT);
        CacheDecision.Serve gz = check(gzipCache.lookup(gzip, "", policy), 200, CacheDecision.Kind.HIT);
        if (!"gzip".equals(gz.head().header("Content-Encoding"))) {
            throw new IllegalStateException("expected a gzip hit: " + gz.head());
        }
        if (!(cache.lookup(cold, "", policy) instanceof CacheDecision.Forward)) {
            throw new IllegalStateException("expected a miss");
        }
    }

    @Benchmark
    public CacheDecision hit() {
        return cache.lookup(plain, "", policy);
    }

    @Benchmark
    public CacheDecision hitVary() {
        return cache.lookup(varying, "", policy);
    }

    @Benchmark
    public CacheDecision hitGzip() {
        return gzipCache.lookup(gzip, "", policy);
    }

    @Benchmark
    public CacheDecision hitNotModified() {
        return cache.lookup(conditional, "", policy);
    }

    @Benchmark
    public CacheDecision miss() {
        return cache.lookup(cold, "", policy);
    }

    private static ResponseHead head(String vary) {
        ResponseHead head = ResponseHead.of(200, "Date", "Tue, 14 Nov 2023 22:13:20 GMT", "Cache-Control", "public, max-age=3600",
                "Content-Type", "application/json", "ETag", "\"v42\"", "Last-Modified", "Mon, 13 Nov 2023 10:00:00 GMT",
                "Via", "1.1 gatehouse", "X-Request-Id", "4bf92f3577b34da6", "Server-Timing", "db;dur=53");
        return vary == null ? head : head.plus("Vary", vary);
    }

    private static void store(HttpCache cache, RequestView request, ResponseHead head, byte[] body) {
        CacheExchange exchange = ((CacheDecision.Forward) cache.lookup(request, "", CachePolicy.rfc9111())).exchange();
        ResponsePlan plan = exchange.onResponse(head);
        if (!(plan instanceof ResponsePlan.Pass pass) || !pass.store().store()) {
            throw new IllegalStateException("not stored: " + plan);
        }
        exchange.onContent(ByteBuffer.wrap(body));
        exchange.onComplete();
    }

    private static CacheDecision.Serve check(CacheDecision decision, int status, CacheDecision.Kind kind) {
        if (!(decision instanceof CacheDecision.Serve serve) || serve.head().status() != status || serve.kind() != kind) {
            throw new IllegalStateException("expected " + kind + " " + status + ", got " + decision);
        }
        return serve;
    }

    private static RequestView request(String path, String... namesAndValues) {
        return BenchRequest.get(path).origin("http", "api.example.com", 80).remoteAddress("192.0.2.1")
                .headers(namesAndValues);
    }
}

package io.gatehouse.proxy.routing;

import io.gatehouse.bench.BenchRequest;
import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of {@link RouteTable#match(RequestView)} as the number of prefix routes grows.
 *
 * <p>The table holds {@code routes} prefix routes {@code /svc0/api .. /svc{N-1}/api}, all sent to
 * one upstream group, compiled through the public API ({@link ProxyConfig#builder()} then
 * {@link RouteTable#compile(List)}). Each invocation looks up {@value #LOOKUPS} different
 * requests, and the score is reported per lookup ({@link OperationsPerInvocation}):
 *
 * <ul>
 *   <li>{@link #hit}: paths such as {@code /svc{k}/api/users/42} for routes spread over the
 *       whole table (first, last and in between), each with a query string;</li>
 *   <li>{@link #miss}: paths no route matches — half fail at the first segment
 *       ({@code /nosuch/...}), half at the second ({@code /svc{k}/v2/...}).</li>
 * </ul>
 *
 * <p>The expected outcome of every request is checked once in {@link #setUp()}, and every
 * result is consumed by the {@link Blackhole}, so the JIT cannot drop the lookups.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteLookupBenchmark {

    static final int LOOKUPS = 8;

    @Param({"10", "10000"})
    public int routes;

    private RouteTable<Route> table;
    private RequestView[] hits;
    private RequestView[] misses;

    @Setup(Level.Trial)
    public void setUp() {
        ProxyConfig.Builder builder = ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream("http://127.0.0.1:9001"));
        for (int i = 0; i < routes; i++) {
            String prefix = "/svc" + i + "/api";
            builder.route("r" + i, r -> r.pathPrefix(prefix).to("g"));
        }
        ProxyConfig config = builder.build();
        table = RouteTable.compile(config.routes());

        hits = new RequestView[LOOKUPS];
        misses = new RequestView[LOOKUPS];
        for (int k = 0; k < LOOKUPS; k++) {
            // spread over the table: 0, ~N/7, ~2N/7, ..., N-1
            int target = (int) ((long) k * (routes - 1) / (LOOKUPS - 1));
            hits[k] = BenchRequest.get("/svc" + target + "/api/users/" + (42 + k)).query("x=" + k);
            RouteMatch<Route> match = table.match(hits[k]);
            if (match == null || !match.route().id().equals("r" + target)) {
                throw new IllegalStateException("expected route r" + target + " for " + hits[k].path()
                        + ", got " + (match == null ? "no match" : match.route().id()));
            }
            misses[k] = k % 2 == 0
                    ? BenchRequest.get("/nosuch" + k + "/api/users/" + (42 + k)).query("x=" + k)
                    : BenchRequest.get("/svc" + target + "/v2/users/" + (42 + k)).query("x=" + k);
            if (table.match(misses[k]) != null) {
                throw new IllegalStateException("expected no route for " + misses[k].path());
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public void hit(Blackhole bh) {
        RouteTable<Route> t = table;
        for (RequestView request : hits) {
            bh.consume(t.match(request));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public void miss(Blackhole bh) {
        RouteTable<Route> t = table;
        for (RequestView request : misses) {
            bh.consume(t.match(request));
        }
    }
}

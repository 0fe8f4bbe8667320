package io.gatehouse.proxy.observe;

import io.gatehouse.bench.BenchRequest;
import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.engine.Attempt;
import io.gatehouse.proxy.engine.Exchange;
import io.gatehouse.proxy.engine.ProxyEngine;
import io.gatehouse.proxy.http.RequestView;
import io.gatehouse.proxy.resilience.BodyState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What observers cost a forwarded request's {@link Exchange} (ADR 0015): start (edge, route,
 * balancer), response head, end, {@code responded}, close — with no observer registered
 * ({@code none}: no event is built) and with one that does nothing ({@code noop}: every event is
 * built and dispatched).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObserverBenchmark {

    @Param({"none", "noop"})
    public String observers;

    private ProxyEngine engine;
    private RequestView request;

    @Setup(Level.Trial)
    public void setUp() {
        ProxyConfig.Builder builder = ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream("http://127.0.0.1:9001").upstream("http://127.0.0.1:9002"))
                .route("r", r -> r.pathPrefix("/api").to("g"));
        if (observers.equals("noop")) {
            builder.observer(new ProxyObserver() {
            });
        }
        engine = ProxyEngine.of(builder.build());
        request = BenchRequest.get("/api/users/42").query("x=1");
    }

    @Benchmark
    public int exchange() {
        try (Exchange exchange = engine.exchange(request, "")) {
            Attempt attempt = ((Exchange.Send) exchange.start()).attempt();
            exchange.onResponseHead(attempt, 200, null, BodyState.REPLAYABLE, () -> null);
            exchange.onComplete(attempt, 200);
            exchange.responded(200, 0, 1024);
            return attempt.number();
        }
    }
}

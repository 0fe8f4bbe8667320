package io.gatehouse.proxy.redis;

import io.gatehouse.bench.BenchRequest;
import io.gatehouse.proxy.http.RequestView;
import io.gatehouse.proxy.ratelimit.Quota;
import io.gatehouse.proxy.ratelimit.RateLimitResult;
import io.gatehouse.proxy.ratelimit.RateLimiter;
import io.gatehouse.proxy.ratelimit.RateLimiters;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a permit costs a request: the local token bucket ({@link #local}, GCRA in memory) against
 * the shared one in Redis ({@link #redis}, Bucket4j's compare-and-swap on Lettuce: a {@code GET}
 * and an {@code EVAL}, the request thread waiting for the answer), same quota (never refusing),
 * requests rotating over {@value #CLIENTS} clients. Needs a Redis at {@code -p redis=URI}
 * (default {@code redis://127.0.0.1:6379}); its keys are under {@code gatehouse-bench:}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisRateLimitBenchmark {

    static final int CLIENTS = 1024;

    @Param("redis://127.0.0.1:6379")
    public String redis;

    private SharedRedis shared;
    private RateLimiter localLimiter;
    private RateLimiter redisLimiter;
    private RequestView[] requests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Quota generous = Quota.perSecond(1_000_000_000L).burst(1_000_000_000L);
        shared = SharedRedis.builder(redis).keyPrefix("gatehouse-bench:").commandTimeout(Duration.ofSeconds(2)).build();
        localLimiter = RateLimiters.tokenBucket(generous).build();
        redisLimiter = shared.tokenBucket(generous).failMode(FailMode.CLOSED).build();
        requests = new RequestView[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            requests[i] = BenchRequest.get("/api/" + i).origin("http", "example.com", 80)
                    .remoteAddress("198.51." + (i / 256) + "." + (i % 256));
            RateLimitResult result = redisLimiter.tryAcquire(requests[i], "api");
            if (!result.allowed()) {
                throw new IllegalStateException("Redis at " + redis + " did not give a permit: is it running?");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        shared.close();
    }

    @Benchmark
    public RateLimitResult local() {
        return localLimiter.tryAcquire(requests[next++ & (CLIENTS - 1)], "api");
    }

    @Benchmark
    public RateLimitResult redis() {
        return redisLimiter.tryAcquire(requests[next++ & (CLIENTS - 1)], "api");
    }
}

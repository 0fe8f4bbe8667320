package io.gatehouse.proxy.http;

import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.ratelimit.RateLimitHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
 * Cost of the proxy's own error bodies: an RFC 9457 {@link Problem} built and rendered as the
 * {@code application/problem+json} bytes that the Jetty adapter ({@code ProblemResponses.send})
 * writes, one response per operation:
 *
 * <ul>
 *   <li>{@link #failure502}: the typical 502, {@link ForwardFailure#UPSTREAM_FAILED}: its
 *       {@link Problem} is made once per JVM (an enum constant), so only {@link Problem#toJsonBytes()}
 *       runs per response;</li>
 *   <li>{@link #of502}: the same problem made per response with {@link Problem#of(int, String)}
 *       (title looked up from the status) and rendered;</li>
 *   <li>{@link #toJson502}: {@link Problem#toJson()} only, the string without its UTF-8 encoding;</li>
 *   <li>{@link #rateLimited429}: a 429 as {@code RateLimitGate} refuses one: the detail naming the
 *       policy and the retry delay, {@link Verdict#deny(int, String, Map)} with
 *       {@code Retry-After}, {@code RateLimit-Policy} and {@code RateLimit} (the header map is
 *       copied and every name and value checked), then the body. {@link Problem} has no extension
 *       members (RFC 9457 §3.2): what a 429 says beyond the detail travels in these headers. The
 *       two structured-field values are constants here; building them is
 *       {@code RateLimitBenchmark.rateLimitGate}.</li>
 * </ul>
 *
 * <p>{@link #setUp()} checks each body once against the expected JSON. Each result is returned to
 * JMH.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ProblemBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc}
 * (see bench/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProblemBenchmark {

    private static final String DETAIL_502 = "The upstream server's response failed.";
    private static final String POLICY_NAME = "per-client";
    private static final String POLICY = "\"per-client\";q=100;w=60";
    private static final String LIMIT = "\"per-client\";r=0;t=17";

    private long retryAfter = 17;
    private String policyName = POLICY_NAME;

    @Setup(Level.Trial)
    public void setUp() {
        String json502 = "{\"type\":\"about:blank\",\"title\":\"Bad Gateway\",\"status\":502,\"detail\":\"" + DETAIL_502 + "\"}";
        check("502", json502, new String(failure502(), StandardCharsets.UTF_8));
        check("502", json502, new String(of502(), StandardCharsets.UTF_8));
        check("502", json502, toJson502());
        check("429", "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":"
                + "\"The request rate limit 'per-client' was exceeded; retry in 17 s.\"}",
                new String(rateLimited429(), StandardCharsets.UTF_8));
        Verdict.Deny deny = deny429();
        check("429 headers", Map.of("Retry-After", "17", "RateLimit-Policy", POLICY, "RateLimit", LIMIT), deny.headers());
    }

    private static void check(String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
    }

    @Benchmark
    public byte[] failure502() {
        return ForwardFailure.UPSTREAM_FAILED.problem().toJsonBytes();
    }

    @Benchmark
    public byte[] of502() {
        return Problem.of(502, DETAIL_502).toJsonBytes();
    }

    @Benchmark
    public String toJson502() {
        return ForwardFailure.UPSTREAM_FAILED.problem().toJson();
    }

    @Benchmark
    public byte[] rateLimited429() {
        return deny429().problem().toJsonBytes();
    }

    /** What {@code RateLimitGate.refused} builds for an exhausted token bucket. */
    private Verdict.Deny deny429() {
        long retry = retryAfter;
        return Verdict.deny(429, "The request rate limit '" + policyName + "' was exceeded; retry in " + retry + " s.",
                Map.of(RateLimitHeaders.RETRY_AFTER, Long.toString(retry),
                        RateLimitHeaders.POLICY, POLICY,
                        RateLimitHeaders.LIMIT, LIMIT));
    }
}

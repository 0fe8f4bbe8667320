package io.gatehouse.proxy.ratelimit;

import io.gatehouse.bench.BenchRequest;
import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.access.CidrSet;
import io.gatehouse.proxy.access.IpAddress;
import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.engine.ProxyEngine;
import io.gatehouse.proxy.http.RequestView;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of the edge checks on the request path, one request per operation:
 *
 * <ul>
 *   <li>{@link #tokenBucketAllowed}: {@link RateLimiter#tryAcquire} of a per-client token bucket
 *       over {@value #CLIENTS} clients (key, Caffeine lookup, one CAS), never refusing;</li>
 *   <li>{@link #tokenBucketRefused}: the same for a client whose bucket is empty;</li>
 *   <li>{@link #rateLimitGate}: {@link RateLimitGate#admit} with that limiter: the above plus the
 *       {@code RateLimit-Policy} / {@code RateLimit} header values;</li>
 *   <li>{@link #concurrencyLease}: take and close a per-client concurrency slot (a lease
 *       registered with the cleaner);</li>
 *   <li>{@link #cidrContains} / {@link #cidrParseAndContains}: is a client in an allow list of
 *       {@code cidrs} ranges (half IPv4, half IPv6), from a parsed address or from its text;</li>
 *   <li>{@link #decide}: the whole {@link ProxyEngine#decide} with the default edge
 *       ({@code edge=defaults}: request id, path safety, header-consistency rule) or with a
 *       global allow list of 100 disjoint ranges (the clients in two of them) plus a per-client token bucket ({@code edge=limits}).</li>
 * </ul>
 *
 * <p>Requests rotate over {@value #CLIENTS} client addresses (IPv4 and IPv6) so that buckets and
 * branch predictors do not see one key only. Every result goes to the {@link Blackhole}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RateLimitBenchmark {

    static final int CLIENTS = 1024;

    private RequestView[] requests;
    private String route;
    private RateLimiter generous;
    private RateLimiter exhausted;
    private RequestView exhaustedClient;
    private ConcurrencyLimiter slots;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        requests = clients(CLIENTS);
        route = "api";
        generous = RateLimiters.tokenBucket(Quota.perSecond(1_000_000_000L).burst(1_000_000_000L)).build();
        exhausted = RateLimiters.tokenBucket(Quota.perMinute(1).burst(1)).build();
        exhaustedClient = request("/api/users/7", "198.51.100.1");
        if (!exhausted.tryAcquire(exhaustedClient, route).allowed() || exhausted.tryAcquire(exhaustedClient, route).allowed()) {
            throw new IllegalStateException("expected one permit, then a refusal");
        }
        slots = RateLimiters.concurrency(64).build();
        for (RequestView request : requests) {
            if (!generous.tryAcquire(request, route).allowed()) {
                throw new IllegalStateException("the generous bucket refused " + request.remoteAddress());
            }
        }
    }

    private RequestView nextRequest() {
        return requests[next++ & (CLIENTS - 1)];
    }

    @Benchmark
    public void tokenBucketAllowed(Blackhole blackhole) {
        blackhole.consume(generous.tryAcquire(nextRequest(), route));
    }

    @Benchmark
    public void tokenBucketRefused(Blackhole blackhole) {
        blackhole.consume(exhausted.tryAcquire(exhaustedClient, route));
    }

    @Benchmark
    public void rateLimitGate(Blackhole blackhole) {
        blackhole.consume(RateLimitGate.admit(nextRequest(), route, List.of(generous), null));
    }

    @Benchmark
    public void concurrencyLease(Blackhole blackhole) {
        Lease lease = slots.tryAcquire(nextRequest(), route);
        blackhole.consume(lease);
        lease.close();
    }

    /** An allow list of {@code cidrs} ranges and clients of which half are in it. */
    @State(Scope.Benchmark)
    public static class AllowList {

        @Param({"10", "1000"})
        public int cidrs;

        CidrSet set;
        IpAddress[] addresses;
        String[] texts;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            Random random = new Random(42);
            List<String> ranges = new ArrayList<>();
            for (int i = 0; i < cidrs; i++) {
                ranges.add(i % 2 == 0
                        ? (10 + random.nextInt(100)) + "." + random.nextInt(256) + "." + random.nextInt(256) + ".0/24"
                        : "2001:db8:" + Integer.toHexString(random.nextInt(65536)) + ":" + Integer.toHexString(random.nextInt(65536))
                                + "::/64");
            }
            set = CidrSet.of(ranges.toArray(new String[0]));
            addresses = new IpAddress[CLIENTS];
            texts = new String[CLIENTS];
            int inside = 0;
            for (int i = 0; i < CLIENTS; i++) {
                String range = ranges.get(random.nextInt(ranges.size()));
                String network = range.substring(0, range.indexOf('/'));
                String text;
                if (i % 2 == 0) {
                    text = range.contains(":") ? network + Integer.toHexString(1 + random.nextInt(65535))
                            : network.substring(0, network.length() - 1) + (1 + random.nextInt(254));
                } else {
                    text = i % 4 == 1 ? "203.0.113." + random.nextInt(256) : "2001:db9::" + Integer.toHexString(random.nextInt(65536));
                }
                texts[i] = text;
                addresses[i] = IpAddress.parse(text);
                if (set.contains(addresses[i])) {
                    inside++;
                }
            }
            if (inside < CLIENTS / 2) {
                throw new IllegalStateException("expected half the clients inside, got " + inside);
            }
        }
    }

    @Benchmark
    public boolean cidrContains(AllowList list) {
        return list.set.contains(list.addresses[list.next++ & (CLIENTS - 1)]);
    }

    @Benchmark
    public boolean cidrParseAndContains(AllowList list) {
        return list.set.contains(list.texts[list.next++ & (CLIENTS - 1)]);
    }

    /** A whole engine with the default edge, or with an allow list and a rate limit on. */
    @State(Scope.Benchmark)
    public static class Engine {

        @Param({"defaults", "limits"})
        public String edge;

        ProxyEngine engine;
        RequestView[] requests;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            requests = clients(CLIENTS);
            ProxyConfig.Builder builder = ProxyConfig.builder().upstreamGroup("g", g -> g.upstream("http://127.0.0.1:9001"));
            if (edge.equals("limits")) {
                List<String> allow = new ArrayList<>();
                allow.add("198.51.0.0/16");
                allow.add("2001:db8::/32");
                for (int i = 0; i < 49; i++) {
                    allow.add("10." + i + ".0.0/16");
                    allow.add("2001:db9:" + Integer.toHexString(i) + "::/48");
                }
                builder.allow(allow.toArray(new String[0]));
                RateLimiter perClient = RateLimiters.tokenBucket(Quota.perSecond(1_000_000_000L).burst(1_000_000_000L)).build();
                builder.route("api", r -> r.pathPrefix("/api").rateLimit(perClient).to("g"));
            } else {
                builder.route("api", r -> r.pathPrefix("/api").to("g"));
            }
            engine = ProxyEngine.of(builder.build());
            for (RequestView request : requests) {
                Decision decision = engine.decide(request, "");
                if (!(decision instanceof Decision.Forward forward)) {
                    throw new IllegalStateException("expected a forward for " + request.remoteAddress() + ": " + decision);
                }
                forward.close();
            }
        }
    }

    @Benchmark
    public void decide(Engine engine, Blackhole blackhole) {
        Decision decision = engine.engine.decide(engine.requests[engine.next++ & (CLIENTS - 1)], "");
        blackhole.consume(decision);
    }

    static RequestView[] clients(int count) {
        RequestView[] requests = new RequestView[count];
        for (int i = 0; i < count; i++) {
            String address = i % 4 == 3
                    ? "2001:db8:" + Integer.toHexString(i) + ":1::" + Integer.toHexString(i + 1)
                    : "198.51." + (i / 256) + "." + (i % 256);
            requests[i] = request("/api/users/" + i, address);
        }
        return requests;
    }

    private static RequestView request(String path, String remoteAddress) {
        return BenchRequest.get(path).origin("http", "example.com", 80).remoteAddress(remoteAddress);
    }
}

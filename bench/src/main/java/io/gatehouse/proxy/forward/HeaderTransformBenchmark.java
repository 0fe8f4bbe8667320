package io.gatehouse.proxy.forward;

import io.gatehouse.bench.BenchRequest;
import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.access.IpAddress;
import io.gatehouse.proxy.engine.Decision;
import io.gatehouse.proxy.engine.ForwardPlan;
import io.gatehouse.proxy.engine.ProxyEngine;
import io.gatehouse.proxy.http.HopByHop;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of the per-request header transforms of the core that the Jetty adapter applies to every
 * forwarded exchange ({@code UpstreamRequestHeaders} on the way up, {@code ClientResponseHeaders}
 * on the way down), without Jetty: the adapter's own {@code HttpFields} copying is not measured.
 *
 * <p>One transform per method:
 *
 * <ul>
 *   <li>{@link #appendXForwardedFor}: {@link ProxyHeaders#appendXForwardedFor} of the client to an
 *       incoming chain of one entry (a trusted proxy's; without a chain the address is returned
 *       as it is, which {@link #typicalRequest} covers);</li>
 *   <li>{@link #forwardedElement} / {@link #forwardedElementIpv6}: {@link ProxyHeaders#forwardedElement}
 *       for an IPv4 client, and for an IPv6 one (bracketed and quoted, RFC 7239 §6);</li>
 *   <li>{@link #appendForwarded}: {@link ProxyHeaders#appendForwarded} of that element to an
 *       incoming chain of one element;</li>
 *   <li>{@link #appendVia}: {@link ProxyHeaders#appendVia} ({@code 1.1 gatehouse}, no incoming
 *       {@code Via});</li>
 *   <li>{@link #connectionTokens}: {@link HopByHop#connectionTokens} of {@code Connection: keep-alive};</li>
 *   <li>{@link #isHopByHop} / {@link #responseHeaderRule}: {@link HopByHop#isHopByHop} /
 *       {@link ResponseHeaderRule#of} over the {@value #RESPONSE_HEADERS} header names of a typical
 *       upstream response ({@code Server, Date, Content-Type, Content-Length, Last-Modified,
 *       Connection, ETag, Accept-Ranges, Location}), reported <em>per header name</em>
 *       ({@link OperationsPerInvocation});</li>
 *   <li>{@link #rewriteLocation}: {@link LocationRewriter#rewrite} of an absolute {@code Location}
 *       on the upstream ({@code http://10.0.0.7:8080/backend/users/42/orders/7} to
 *       {@code https://gateway.example.com/api/users/42/orders/7});</li>
 *   <li>{@link #clientAddress}: the adapter's normalisation of the socket peer
 *       ({@link IpAddress#tryParse} then {@code toString()}) before it goes into the headers.</li>
 * </ul>
 *
 * <p>And the whole set for one exchange, one operation each:
 *
 * <ul>
 *   <li>{@link #typicalRequest}: what the adapter asks of the core for a request without an
 *       incoming {@code X-Forwarded-For} / {@code Forwarded} / {@code Via} chain, with
 *       {@code Connection: keep-alive} (so every header name is checked): the peer address,
 *       {@code connectionTokens}, {@code isHopByHop} and {@link ProxyHeaders#isReplacedByProxy}
 *       for the 6 headers it copies, {@code X-Forwarded-For}, the {@code Forwarded} element and
 *       value, {@code Via};</li>
 *   <li>{@link #typicalResponse}: the response side for the typical upstream response above:
 *       {@code connectionTokens}, {@code ResponseHeaderRule.of} per header, the {@code Location}
 *       rewrite, {@code Via} (the public origin, which the adapter builds from the request once
 *       per response with a {@code Location}, is a constant here).</li>
 * </ul>
 *
 * <p>The {@link ForwardPlan} and its {@code Route} are real: built with {@link ProxyConfig#builder()}
 * (route {@code /api} with {@code stripPrefix()} to the upstream {@code http://10.0.0.7:8080/backend})
 * and taken from {@link ProxyEngine#decide} in {@link #setUp()}, which also checks every expected
 * value once. Every result goes to the {@link Blackhole}.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar HeaderTransformBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc}
 * (see bench/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderTransformBenchmark {

    static final int RESPONSE_HEADERS = 9;

    private static final String PEER = "198.51.100.23";
    private static final String PEER_IPV6 = "2001:db8::17";
    private static final String HOST = "gateway.example.com";
    private static final String PUBLIC_ORIGIN = "https://" + HOST;
    private static final String PROTOCOL = "HTTP/1.1";
    private static final String PSEUDONYM = "gatehouse";
    private static final String UPSTREAM_LOCATION = "http://10.0.0.7:8080/backend/users/42/orders/7";

    /** A typical browser-ish request's headers (lower case, as Jetty's {@code getLowerCaseName()}). */
    private static final String[] REQUEST_HEADERS = {
        "host", "user-agent", "accept", "accept-encoding", "accept-language", "connection", "cookie", "sec-fetch-mode"};

    /** A typical upstream response's headers (lower case). */
    private static final String[] RESPONSE_HEADER_NAMES = {
        "server", "date", "content-type", "content-length", "last-modified", "connection", "etag", "accept-ranges",
        "location"};

    private final List<String> keepAlive = List.of("keep-alive");
    private final List<String> xffChain = List.of("203.0.113.9");
    private final List<String> forwardedChain = List.of("for=203.0.113.9;host=" + HOST + ";proto=https");
    private final List<String> noChain = List.of();

    private ForwardPlan plan;
    private Set<String> responseTokens;

    @Setup(Level.Trial)
    public void setUp() {
        ProxyConfig config = ProxyConfig.builder()
                .upstreamGroup("g", g -> g.upstream("http://10.0.0.7:8080/backend"))
                .route("api", r -> r.pathPrefix("/api").stripPrefix().to("g"))
                .build();
        ProxyEngine engine = ProxyEngine.of(config);
        Decision decision = engine.decide(BenchRequest.get("/api/users/42").origin("https", HOST, 443).remoteAddress(PEER), "");
        if (!(decision instanceof Decision.Forward forward)) {
            throw new IllegalStateException("expected a forward, got " + decision);
        }
        plan = forward.plan().to(config.upstreamGroup("g").upstreams().get(0));
        forward.close();
        responseTokens = HopByHop.connectionTokens(keepAlive);

        check("X-Forwarded-For", "203.0.113.9, " + PEER, ProxyHeaders.appendXForwardedFor(xffChain, PEER));
        check("X-Forwarded-For", PEER, ProxyHeaders.appendXForwardedFor(noChain, PEER));
        check("Forwarded element", "for=" + PEER + ";host=" + HOST + ";proto=https",
                ProxyHeaders.forwardedElement(PEER, HOST, "https"));
        check("Forwarded element", "for=\"[" + PEER_IPV6 + "]\";host=" + HOST + ";proto=https",
                ProxyHeaders.forwardedElement(PEER_IPV6, HOST, "https"));
        check("Via", "1.1 " + PSEUDONYM, ProxyHeaders.appendVia(noChain, PROTOCOL, PSEUDONYM));
        check("Connection tokens", Set.of("keep-alive"), responseTokens);
        check("Location", PUBLIC_ORIGIN + "/api/users/42/orders/7",
                LocationRewriter.rewrite(UPSTREAM_LOCATION, plan, PUBLIC_ORIGIN));
        check("peer", PEER, peer(PEER));
        check("peer", PEER_IPV6, peer("2001:db8:0:0:0:0:0:17"));
        int dropped = 0;
        int rewritten = 0;
        for (String name : RESPONSE_HEADER_NAMES) {
            ResponseHeaderRule rule = ResponseHeaderRule.of(name, responseTokens, plan.route().passServerHeaders());
            dropped += rule == ResponseHeaderRule.DROP ? 1 : 0;
            rewritten += rule == ResponseHeaderRule.REWRITE_LOCATION ? 1 : 0;
        }
        // Server (not passed by default) and Connection are dropped; Location is rewritten.
        check("dropped response headers", 2, dropped);
        check("rewritten response headers", 1, rewritten);
    }

    private static void check(String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
    }

    @Benchmark
    public String appendXForwardedFor() {
        return ProxyHeaders.appendXForwardedFor(xffChain, PEER);
    }

    @Benchmark
    public String forwardedElement() {
        return ProxyHeaders.forwardedElement(PEER, HOST, "https");
    }

    @Benchmark
    public String forwardedElementIpv6() {
        return ProxyHeaders.forwardedElement(PEER_IPV6, HOST, "https");
    }

    @Benchmark
    public String appendForwarded() {
        return ProxyHeaders.appendForwarded(forwardedChain, ProxyHeaders.forwardedElement(PEER, HOST, "https"));
    }

    @Benchmark
    public String appendVia() {
        return ProxyHeaders.appendVia(noChain, PROTOCOL, PSEUDONYM);
    }

    @Benchmark
    public Set<String> connectionTokens() {
        return HopByHop.connectionTokens(keepAlive);
    }

    @Benchmark
    @OperationsPerInvocation(RESPONSE_HEADERS)
    public void isHopByHop(Blackhole blackhole) {
        Set<String> tokens = responseTokens;
        for (String name : RESPONSE_HEADER_NAMES) {
            blackhole.consume(HopByHop.isHopByHop(name, tokens));
        }
    }

    @Benchmark
    @OperationsPerInvocation(RESPONSE_HEADERS)
    public void responseHeaderRule(Blackhole blackhole) {
        Set<String> tokens = responseTokens;
        ForwardPlan p = plan;
        for (String name : RESPONSE_HEADER_NAMES) {
            blackhole.consume(ResponseHeaderRule.of(name, tokens, p.route().passServerHeaders()));
        }
    }

    @Benchmark
    public String rewriteLocation() {
        return LocationRewriter.rewrite(UPSTREAM_LOCATION, plan, PUBLIC_ORIGIN);
    }

    @Benchmark
    public String clientAddress() {
        return peer(PEER);
    }

    /** {@code UpstreamRequestHeaders}: the core's part of one request, no incoming chain. */
    @Benchmark
    public void typicalRequest(Blackhole blackhole) {
        String client = peer(PEER);
        Set<String> tokens = HopByHop.connectionTokens(keepAlive);
        for (String lower : REQUEST_HEADERS) {
            // the adapter skips Host and Connection by their known-header enum before any core call
            if (lower.equals("host") || lower.equals("connection")) {
                continue;
            }
            blackhole.consume(HopByHop.isHopByHop(lower, tokens) || ProxyHeaders.isReplacedByProxy(lower));
        }
        blackhole.consume(ProxyHeaders.appendXForwardedFor(noChain, client));
        blackhole.consume(ProxyHeaders.appendForwarded(noChain, ProxyHeaders.forwardedElement(client, HOST, "https")));
        blackhole.consume(ProxyHeaders.appendVia(noChain, PROTOCOL, PSEUDONYM));
    }

    /** {@code ClientResponseHeaders}: the core's part of one response (the typical upstream response above). */
    @Benchmark
    public void typicalResponse(Blackhole blackhole) {
        ForwardPlan p = plan;
        Set<String> tokens = HopByHop.connectionTokens(keepAlive);
        for (String lower : RESPONSE_HEADER_NAMES) {
            switch (ResponseHeaderRule.of(lower, tokens, p.route().passServerHeaders())) {
                case DROP -> blackhole.consume(lower);
                case REWRITE_LOCATION -> blackhole.consume(LocationRewriter.rewrite(UPSTREAM_LOCATION, p, PUBLIC_ORIGIN));
                case PASS -> blackhole.consume(lower);
            }
        }
        blackhole.consume(ProxyHeaders.appendVia(noChain, PROTOCOL, PSEUDONYM));
    }

    /** The socket peer as {@code UpstreamRequestHeaders.peer} normalises it. */
    private static String peer(String remoteAddr) {
        IpAddress address = remoteAddr == null ? null : IpAddress.tryParse(remoteAddr);
        return address == null ? remoteAddr : address.toString();
    }
}

package io.gatehouse.examples;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.ProxyConfigException;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.access.Cidr;
import io.gatehouse.proxy.balancing.LoadBalancer;
import io.gatehouse.proxy.balancing.LoadBalancers;
import io.gatehouse.proxy.cache.CachePolicy;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.cache.PurgeMethod;
import io.gatehouse.proxy.compress.CompressionPolicy;
import io.gatehouse.proxy.config.ConfigFileException;
import io.gatehouse.proxy.config.ConfigFileReader;
import io.gatehouse.proxy.config.ConfigWatcher;
import io.gatehouse.proxy.config.FileServiceDiscovery;
import io.gatehouse.proxy.health.HealthCheck;
import io.gatehouse.proxy.jetty.AdminMount;
import io.gatehouse.proxy.jetty.ProxyMount;
import io.gatehouse.proxy.jetty.ProxyServlet;
import io.gatehouse.proxy.ratelimit.RateLimiters;
import io.gatehouse.proxy.redis.SharedRedis;
import io.gatehouse.proxy.resilience.RetryPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse proxy}: a plain gateway, like Caddy's {@code reverse-proxy} command. It listens
 * on one address and forwards every request, path and query unchanged, to the {@code --to}
 * upstreams (one group {@code upstreams}, one route for every path; errors about them are put in
 * the options' terms by {@link ConfigProblems}): in turn, or by the {@code --lb} policy (weighted
 * round robin when a {@code --to} has a weight), with active health checks ({@code --health-path}, {@code --health-interval})
 * and retries on another upstream ({@code --retries}); who may come in and how often
 * ({@code --allow}, {@code --deny}, {@code --trusted-proxy}, {@code --rate-limit}) and how large a
 * body may be ({@code --max-body}).
 *
 * <p>With {@code --config FILE} the routes come from a YAML file instead (ADR 0013), which is
 * watched: each valid new version is applied without a restart, an invalid one is refused with a
 * WARN line and the last good one keeps serving ({@link ConfigWatcher}). The listen and TLS
 * options still apply; the route options ({@link #ROUTE_OPTIONS}) are then a usage error.
 *
 * <p>To add an option, declare it among the fields below and apply it in {@link #config()} (for
 * what the proxy does) or {@link #start()} (for how it listens).
 */
@Command(name = "proxy", sortOptions = false, versionProvider = GatehouseVersion.class,
        description = "Forwards every request to the upstreams, round robin (weighted when a --to has a weight)"
                + " unless --lb says otherwise.",
        footer = {"", "Examples:", "  gatehouse proxy --to http://127.0.0.1:9001 --to http://127.0.0.1:9002",
            "  gatehouse proxy --config examples/config/microservices.yaml --listen :8080",
            "  gatehouse proxy --to http://127.0.0.1:9001 --to http://127.0.0.1:9002 --lb peak-ewma --health-path /health"
                    + " --health-interval 5s --retries 2",
            "  gatehouse proxy --to 'http://127.0.0.1:9001;weight=3' --to http://127.0.0.1:9002",
            "  gatehouse proxy --to http://127.0.0.1:9001 --to http://127.0.0.1:9002 --lb consistent-hash:header:X-User",
            "  gatehouse proxy --to http://127.0.0.1:9001 --cache 64m --gzip",
            "  gatehouse proxy --to http://127.0.0.1:9001 --to http://127.0.0.1:9002 --health-path /health --admin-port 9901",
            "  gatehouse proxy --to http://127.0.0.1:9001 --trusted-proxy 10.0.0.0/8 --deny 203.0.113.0/24"
                    + " --rate-limit 10/s:50 --max-body 10m",
            "  gatehouse proxy --to http://127.0.0.1:9001 --rate-limit 100/s --cache 64m --redis redis://10.0.0.5:6379",
            "  gatehouse proxy --to http://127.0.0.1:9001 --tls-self-signed --http-redirect-port 8080 --hsts",
            "  GATEHOUSE_TLS_PASSWORD=... gatehouse proxy --listen :443 --tls-keystore site.p12 --to http://127.0.0.1:9001"})
public final class ProxyCommand implements Callable<Integer> {

    /** Where the proxy listens unless told: plain HTTP. */
    static final ListenAddress DEFAULT_LISTEN = new ListenAddress("127.0.0.1", 8080);
    /** Where the proxy listens unless told: HTTPS. */
    static final ListenAddress DEFAULT_TLS_LISTEN = new ListenAddress("127.0.0.1", 8443);
    /** {@code --hsts} without a value: one year, as commonly recommended. */
    static final long DEFAULT_HSTS_SECONDS = 31_536_000;
    /** The health check path when only {@code --health-interval} is given. */
    static final String DEFAULT_HEALTH_PATH = "/health";
    /** Retries unless {@code --retries} says otherwise: the route default of two (three attempts). */
    static final int DEFAULT_RETRIES = RetryPolicy.DEFAULT_MAX_ATTEMPTS - 1;
    /** The most {@code --retries}: attempts are capped at ten. */
    static final int MAX_RETRIES = 9;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = ListenAddress.Converter.class,
            description = "Address to listen on (port 0: any free port). Default: 127.0.0.1:8080, or 127.0.0.1:8443 with TLS.")
    ListenAddress listen;

    /** The options that describe routes: with {@code --config}, the file does, so they are a usage error. */
    static final List<String> ROUTE_OPTIONS = List.of("--to", "--lb", "--health-path", "--health-interval", "--retries",
            "--cache", "--gzip", "--purge-from", "--allow", "--deny", "--rate-limit", "--trusted-proxy", "--max-body");

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read groups, routes and every other option from this YAML file (see the README's"
                    + " \"Configuration file\" and docs/gatehouse-config.schema.json) and apply its changes while"
                    + " running; an invalid change is refused and logged, the last good version keeps serving."
                    + " Replaces --to and the other route options.")
    Path configFile;

    @Option(names = "--discovery", paramLabel = "FILE",
            description = "With --config: take the upstreams of the groups marked 'discovered: true' from this YAML file"
                    + " of upstream lists by group id (e.g. 'users: [http://10.0.0.7:8080]'), watched like the"
                    + " configuration file.")
    Path discoveryFile;

    @Option(names = "--to", paramLabel = "URL[;weight=N]", converter = UpstreamOption.Converter.class,
            description = "An upstream, e.g. http://127.0.0.1:9001; repeat for more. With ;weight=N (1 to "
                    + UpstreamOption.MAX_WEIGHT + ", default 1; quote it in a shell: 'http://127.0.0.1:9001;weight=3')"
                    + " it gets N shares of the requests: --lb then defaults to weighted-round-robin.")
    List<UpstreamOption> upstreams;

    @Option(names = "--lb", paramLabel = "NAME", converter = LoadBalancerOption.Converter.class,
            description = "Load balancing policy: round-robin (default), weighted-round-robin, random, weighted-random,"
                    + " least-requests, p2c (power of two choices), peak-ewma (latency-aware), ip-hash, or consistent"
                    + " hashing of a request key: consistent-hash:header:NAME, consistent-hash:cookie:NAME,"
                    + " consistent-hash:ip, consistent-hash:path. Every policy but round-robin and random uses the"
                    + " weights of --to URL;weight=N.")
    LoadBalancerOption loadBalancer;

    @Option(names = "--health-path", paramLabel = "PATH",
            description = "Check every upstream with GET PATH (status 200-399 passes; 3 failures in a row take it out,"
                    + " 2 passes bring it back). Default with --health-interval alone: " + DEFAULT_HEALTH_PATH + ".")
    String healthPath;

    @Option(names = "--health-interval", paramLabel = "DURATION", converter = DurationOption.Converter.class,
            description = "Time between two health checks of one upstream, e.g. 500ms, 5s or 1m (plus up to a tenth"
                    + " of random jitter). Default with --health-path alone: 10s.")
    Duration healthInterval;

    @Option(names = "--retries", paramLabel = "N",
            description = "Retries of a failed attempt, each on another upstream where one is left (default "
                    + DEFAULT_RETRIES + "; 0 for none). A request is always retried when it could not be sent;"
                    + " once sent, only idempotent ones (GET, PUT, DELETE...) with a body of at most 64 KiB.")
    Integer retries;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Serve HTTPS with the key and certificate chain in this PKCS12 (or JKS) key store.")
    Path tlsKeyStore;

    @Option(names = "--tls-password", paramLabel = "PASSWORD", defaultValue = "${env:GATEHOUSE_TLS_PASSWORD}",
            description = "The key store's password. Default: the environment variable GATEHOUSE_TLS_PASSWORD"
                    + " (preferred: a command line is visible to other users). Never prompted for.")
    String tlsPassword;

    @Option(names = "--tls-self-signed",
            description = "Serve HTTPS with a certificate generated at start-up, for trying it out (not for production);"
                    + " prints its SHA-256 fingerprint and where its PEM is.")
    boolean tlsSelfSigned;

    @Option(names = "--hsts", paramLabel = "SECONDS", arity = "0..1", fallbackValue = "" + DEFAULT_HSTS_SECONDS,
            description = "With TLS: send Strict-Transport-Security: max-age=SECONDS on HTTPS responses"
                    + " (without a value: " + DEFAULT_HSTS_SECONDS + ", one year).")
    Long hsts;

    @Option(names = "--http-redirect-port", paramLabel = "PORT",
            description = "With TLS: also listen for plain HTTP on this port (same host), answering every request"
                    + " with a 308 redirect to HTTPS.")
    Integer httpRedirectPort;

    @Option(names = "--h2c",
            description = "Also accept HTTP/2 in cleartext on a plain HTTP listener (prior knowledge, as gRPC clients"
                    + " and curl --http2-prior-knowledge speak it, and Upgrade: h2c). With TLS, h2 is always offered by ALPN.")
    boolean h2c;

    @Option(names = "--cache", paramLabel = "SIZE", converter = ByteSize.Converter.class,
            description = "Cache responses in memory, up to SIZE in all (e.g. 64m, 512k, 1g), as an RFC 9111 shared cache:"
                    + " what the upstreams' Cache-Control allows, objects up to 1 MiB. Default: no caching.")
    ByteSize cacheSize;

    @Option(names = "--gzip",
            description = "Compress text, JSON, JavaScript, XML and SVG responses of 256 bytes or more with gzip"
                    + " for clients that accept it (cached responses are compressed once, when stored).")
    boolean gzip;

    @Option(names = "--purge-from", paramLabel = "CIDR",
            description = "With --cache: answer PURGE requests from these client addresses (e.g. 127.0.0.1 or"
                    + " 10.0.0.0/8; repeat for more) by removing the stored responses of the URI. Default: PURGE"
                    + " is forwarded like any other method.")
    List<String> purgeFrom;

    // The edge (issue 5): who may come in, how often, with how large a body.

    @Option(names = "--allow", paramLabel = "CIDR",
            description = "Only let clients in these ranges in (e.g. 10.0.0.0/8, 2001:db8::/32 or one address; repeat"
                    + " for more); others get 403. Default: everyone.")
    List<String> allow;

    @Option(names = "--deny", paramLabel = "CIDR",
            description = "Refuse clients in these ranges with 403 (repeat for more); wins over --allow.")
    List<String> deny;

    @Option(names = "--rate-limit", paramLabel = "RATE[/s][:BURST]", converter = RateLimitOption.Converter.class,
            description = "Limit each client to RATE requests a second (RATE/m: a minute), in bursts of up to BURST"
                    + " (default: RATE); over it, 429 with Retry-After and RateLimit headers. E.g. 10/s:50.")
    RateLimitOption rateLimit;

    @Option(names = "--trusted-proxy", paramLabel = "CIDR",
            description = "Load balancers or CDNs in front of the proxy (repeat for more): from them, the client is the"
                    + " right-most untrusted address of X-Forwarded-For. From anyone else that header is ignored.")
    List<String> trustedProxies;

    @Option(names = "--max-body", paramLabel = "SIZE", converter = ByteSize.Converter.class,
            description = "Refuse request bodies larger than SIZE (e.g. 10m, 512k, or bytes) with 413, also when a"
                    + " chunked body only grows past it on the way. Default: no limit.")
    ByteSize maxBody;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Share --rate-limit and the --cache's invalidations (PURGE, POST, PUT, DELETE...) with the"
                    + " other instances using this Redis, e.g. redis://10.0.0.5:6379: the limit is then the"
                    + " cluster's. While Redis is down, the limit is not enforced and caches are dropped. With --config:"
                    + " the file's rateLimits and cache, as its 'redis: {url: URL}' would.")
    String redis;

    /** {@code --access-log}, {@code --trace-context}, and the metrics of {@code --admin-port} (issue 13). */
    @Mixin
    ObservabilityOptions observability = new ObservabilityOptions(() -> this.adminPort != null);

    /** The link of {@code --redis}, made by {@link #config()}; null without it. */
    SharedRedis sharedRedis;

    // Operations (issue 13): the status page and admin API on a loopback port of their own.

    /** Where the admin server listens: this machine only. */
    static final String ADMIN_HOST = "127.0.0.1";

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "Serve the status page (routes, upstream health, request and error rates, cache hit ratio,"
                    + " live), the admin API (JSON under /api/) and Prometheus metrics (/metrics) on " + ADMIN_HOST
                    + ":PORT, for clients on this machine only (port 0: any free port). Default: none.")
    Integer adminPort;

    /** Once started with {@code --admin-port}: the admin server (stopped with the proxy); null otherwise. */
    EmbeddedServer adminServer;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @Spec
    CommandSpec spec;

    /** The certificate made for {@code --tls-self-signed}, once started; null otherwise. */
    StartupCertificate startupCertificate;

    /** With {@code --config}, once started: the watcher of the file; null otherwise. */
    ConfigWatcher watcher;

    /** Once started: the proxy servlet (its {@code engine()} tells upstream health). */
    ProxyServlet servlet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EmbeddedServer server = start();
        if (configFile != null) {
            out.println("Gatehouse proxy listening on " + server.uri() + " -> " + configFile + " ("
                    + watcher.config().routes().size() + " routes, " + watcher.config().upstreamGroups().size()
                    + " upstream groups); watching it for changes");
            describeAdmin(out);
            observability.describe(out);
            out.flush();
            Foreground.hold(server, out);
            return 0;
        }
        out.println("Gatehouse proxy listening on " + server.uri() + " -> " + upstreams);
        describeAdmin(out);
        if (server.redirectUri() != null) {
            out.println("  plain HTTP on " + server.redirectUri() + " redirects to HTTPS (308)");
        }
        if (hsts != null) {
            out.println("  Strict-Transport-Security: max-age=" + hsts);
        }
        if (cacheSize != null) {
            out.println("  cache: " + cacheSize + " (RFC 9111 shared cache)" + (purgeFrom == null ? "" : ", PURGE from " + purgeFrom));
        }
        if (gzip) {
            out.println("  gzip: on");
        }
        describeEdge(out);
        observability.describe(out);
        out.println("  load balancing: " + (loadBalancer == null ? defaultLoadBalancer() : loadBalancer)
                + "; retries: " + (retries == null ? DEFAULT_RETRIES : retries)
                + (healthCheck() == null ? "; no health checks" : "; health checks: GET " + healthCheck().path() + " every "
                + healthCheck().interval().toMillis() + " ms"));
        if (startupCertificate != null) {
            startupCertificate.describe(out);
        }
        out.flush();
        Foreground.hold(server, out);
        return 0;
    }

    /**
     * The proxy's configuration from the options.
     *
     * @throws ParameterException naming the problem when an option makes an invalid configuration
     */
    ProxyConfig config() {
        sharedRedis = sharedRedis();
        try {
            return buildConfig();
        } catch (RuntimeException e) {
            if (sharedRedis != null) {
                sharedRedis.close();
                sharedRedis = null;
            }
            throw e;
        }
    }

    private ProxyConfig buildConfig() {
        HealthCheck check = healthCheck();
        RetryPolicy retry = retryPolicy();
        HttpCache cache = cache();
        LoadBalancer policy = loadBalancer();
        try {
            ProxyConfig.Builder builder = ProxyConfig.builder()
                    .upstreamGroup(ConfigProblems.GROUP, group -> {
                        upstreams.forEach(upstream -> group.upstream(upstream.url(), u -> u.weight(upstream.weight())));
                        group.loadBalancer(policy);
                        if (check != null) {
                            group.healthCheck(check);
                        }
                    })
                    .route(ConfigProblems.ROUTE, route -> edge(route.retry(retry).to(ConfigProblems.GROUP)
                            .cache(cache == null ? CachePolicy.never() : CachePolicy.rfc9111())));
            edge(builder);
            if (cache != null) {
                builder.httpCache(cache);
            }
            if (gzip) {
                builder.compression(CompressionPolicy.gzip());
            }
            observability.apply(builder);
            return builder.build();
        } catch (ProxyConfigException e) {
            throw new ParameterException(spec.commandLine(), ConfigProblems.inCliTerms(e), e);
        }
    }

    /**
     * The group's policy: {@code --lb}, else weighted round robin when a {@code --to} has a
     * weight, else round robin.
     *
     * @throws ParameterException when weights are given with a policy that ignores them
     */
    LoadBalancer loadBalancer() {
        UpstreamOption weighted = upstreams.stream().filter(UpstreamOption::weighted).findFirst().orElse(null);
        if (loadBalancer == null) {
            return weighted == null ? LoadBalancers.roundRobin() : LoadBalancers.weightedRoundRobin();
        }
        if (weighted != null && loadBalancer.ignoresWeights()) {
            throw usage("--lb " + loadBalancer + ": ignores the weight of --to '" + weighted + "' (expected: a policy"
                    + " that uses weights, e.g. weighted-round-robin, the default when a weight is given)");
        }
        return loadBalancer.policy();
    }

    /** The name of the policy used without {@code --lb}. */
    private String defaultLoadBalancer() {
        return upstreams.stream().anyMatch(UpstreamOption::weighted) ? "weighted-round-robin (weights given)" : "round-robin";
    }

    /**
     * The active health check from {@code --health-path} and {@code --health-interval}, or null
     * when neither is given.
     *
     * @throws ParameterException naming the option when the path is not one
     */
    HealthCheck healthCheck() {
        if (healthPath == null && healthInterval == null) {
            return null;
        }
        HealthCheck.Builder check = HealthCheck.builder();
        try {
            check.path(healthPath == null ? DEFAULT_HEALTH_PATH : healthPath);
        } catch (IllegalArgumentException e) {
            throw usage("--health-path: '" + healthPath + "' (expected: a path starting with '/', without spaces,"
                    + " e.g. /health)");
        }
        if (healthInterval != null) {
            check.interval(healthInterval);
        }
        return check.build();
    }

    /**
     * The route's retry policy from {@code --retries}.
     *
     * @throws ParameterException naming the option when the count is out of range
     */
    RetryPolicy retryPolicy() {
        int n = retries == null ? DEFAULT_RETRIES : retries;
        if (n < 0 || n > MAX_RETRIES) {
            throw usage("--retries: " + n + " (expected: 0 to " + MAX_RETRIES + "; 0 turns retries off)");
        }
        return n == 0 ? RetryPolicy.none() : RetryPolicy.idempotent(n + 1);
    }

    /**
     * The cache of {@code --cache} (compressing what it stores with {@code --gzip}, answering
     * {@code PURGE} with {@code --purge-from}), or null without it.
     */
    private HttpCache cache() {
        if (cacheSize == null) {
            if (purgeFrom != null) {
                throw usage("--purge-from: needs a cache (expected: with --cache SIZE, e.g. --cache 64m)");
            }
            return null;
        }
        HttpCache.Builder cache = HttpCache.builder()
                .maximumSize(cacheSize.bytes())
                .maximumObjectSize(Math.min(HttpCache.DEFAULT_MAXIMUM_OBJECT_SIZE, cacheSize.bytes()));
        if (gzip) {
            cache.compression(CompressionPolicy.gzip());
        }
        if (purgeFrom != null) {
            try {
                cache.purgeMethod(PurgeMethod.allowFrom(purgeFrom.toArray(new String[0])));
            } catch (IllegalArgumentException e) {
                throw usage("--purge-from: " + e.getMessage());
            }
        }
        return sharedRedis == null ? cache.build() : sharedRedis.broadcastInvalidations(cache);
    }

    /**
     * The link to the Redis of {@code --redis}, or null without it.
     *
     * @throws ParameterException when the URL is not a Redis URL or there is nothing to share
     */
    private SharedRedis sharedRedis() {
        if (redis == null) {
            return null;
        }
        if (rateLimit == null && cacheSize == null) {
            throw usage("--redis: shares nothing on its own (expected: with --rate-limit, --cache or both)");
        }
        try {
            return SharedRedis.builder(redis).build();
        } catch (IllegalArgumentException e) {
            throw usage("--redis: " + e.getMessage().replaceFirst("^uri: ", ""));
        }
    }

    /** Starts the gateway with the parsed options and returns it running. */
    EmbeddedServer start() throws Exception {
        checkAdminPort();
        try {
            observability.openAccessLogFile();
        } catch (java.io.IOException e) {
            throw usage("--access-log-file: '" + observability.accessLogFile + "' cannot be written (" + e + ")");
        }
        EmbeddedServer server;
        try {
            server = configFile != null ? startFromFile() : startFromOptions();
        } catch (Exception | Error e) {
            observability.closeAccessLogFile();
            throw e;
        }
        try {
            startAdmin(server);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The gateway of the route options ({@code --to} and the others). */
    private EmbeddedServer startFromOptions() throws Exception {
        if (discoveryFile != null) {
            throw usage("--discovery needs --config (expected: a configuration file with groups marked 'discovered: true')");
        }
        if (upstreams == null) {
            throw usage("Missing --to URL or --config FILE (expected: the upstreams, e.g. --to http://127.0.0.1:9001,"
                    + " or a configuration file)");
        }
        ProxyConfig config = config();
        ListenAddress address = listenAddress();
        ServerTls tls = tls(address);
        SharedRedis shared = sharedRedis;
        return EmbeddedServer.start(address.host(), address.port(), tls, h2c, context -> {
            servlet = ProxyMount.at(context, "/", config);
            stopAdminWith(context);
            observability.serve(context, servlet);
            if (shared != null) {
                context.addBean(new AbstractLifeCycle() { // closed when the server stops
                    @Override
                    protected void doStop() {
                        shared.close();
                    }
                }, true);
            }
        });
    }

    /** {@code --config FILE}: the file's configuration, watched; the server stops the watcher when it stops. */
    private EmbeddedServer startFromFile() throws Exception {
        List<String> given = ROUTE_OPTIONS.stream().filter(spec.commandLine().getParseResult()::hasMatchedOption).toList();
        if (!given.isEmpty()) {
            throw usage("--config and " + String.join(", ", given) + ": choose one (expected: the routes in the file,"
                    + " or the one-route options without --config)");
        }
        FileServiceDiscovery discovery = null;
        if (discoveryFile != null) {
            try {
                discovery = FileServiceDiscovery.open(discoveryFile);
            } catch (ConfigFileException e) {
                throw usage("--discovery: " + e.getMessage());
            } catch (IOException e) {
                throw usage("--discovery: '" + discoveryFile + "' cannot be read (" + e + ")");
            }
        }
        ConfigFileReader.Builder readerBuilder = ConfigFileReader.builder().discovery(discovery).additions(observability::apply);
        if (redis != null) {
            try {
                readerBuilder.defaultRedis(redis); // as the file's 'redis: {url: ...}'
            } catch (IllegalArgumentException e) {
                close(discovery);
                throw usage("--redis: " + e.getMessage().replaceFirst("^uri: ", ""));
            }
        }
        ConfigFileReader reader = readerBuilder.build();
        try {
            watcher = ConfigWatcher.open(configFile, reader, ConfigWatcher.DEFAULT_DEBOUNCE);
        } catch (ConfigFileException e) {
            close(discovery);
            reader.close(); // a Redis link the file opened
            throw usage("--config: " + e.getMessage());
        } catch (IOException e) {
            close(discovery);
            reader.close();
            throw usage("--config: '" + configFile + "' cannot be read (" + e + ")");
        }
        try {
            ListenAddress address = listenAddress();
            ServerTls tls = tls(address);
            EmbeddedServer server = EmbeddedServer.start(address.host(), address.port(), tls, h2c, context -> {
                servlet = ProxyMount.at(context, "/", watcher.config());
                stopAdminWith(context);
                observability.serve(context, servlet);
                context.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStopping(org.eclipse.jetty.util.component.LifeCycle event) {
                        watcher.close();
                    }
                });
            });
            watcher.start(servlet::update);
            return server;
        } catch (Exception | Error e) {
            watcher.close();
            throw e;
        }
    }

    /** {@code --admin-port}: a port number. */
    private void checkAdminPort() {
        if (adminPort != null && (adminPort < 0 || adminPort > 65535)) {
            throw usage("--admin-port: " + adminPort + " (expected: 0 to 65535; 0 for any free port)");
        }
    }

    /** {@code --admin-port}: the proxy's status page and admin API at the root of a loopback server of their own. */
    private void startAdmin(EmbeddedServer proxy) throws Exception {
        if (adminPort == null) {
            return;
        }
        if (adminPort != 0 && adminPort == proxy.port() && listenAddress().host().equals(ADMIN_HOST)) {
            throw usage("--admin-port: " + adminPort + " is the proxy's port too (expected: another port, e.g. 9901)");
        }
        adminServer = EmbeddedServer.start(ADMIN_HOST, adminPort, context -> {
            AdminMount.at(context, "/", servlet, io.gatehouse.proxy.jetty.AdminAccess.loopbackOnly(), configSource());
            observability.mountMetrics(context);
        });
        observability.metricsAt(adminServer.uri());
    }

    /** With {@code --config}: the file and how its reloads went, for the admin API's {@code api/config}. */
    private java.util.function.Supplier<java.util.Map<String, Object>> configSource() {
        ConfigWatcher watching = watcher;
        if (watching == null) {
            return null;
        }
        return () -> {
            ConfigWatcher.Status status = watching.status();
            java.util.Map<String, Object> source = new java.util.LinkedHashMap<>();
            source.put("file", configFile.toAbsolutePath().normalize().toString());
            source.put("applied", status.applied());
            source.put("refused", status.refused());
            source.put("lastError", status.lastError());
            source.put("version", status.version());
            return source;
        };
    }

    /** Stops the admin server (if any) when the proxy's context stops. */
    private void stopAdminWith(org.eclipse.jetty.ee10.servlet.ServletContextHandler context) {
        context.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(org.eclipse.jetty.util.component.LifeCycle event) {
                if (adminServer != null) {
                    adminServer.close();
                }
            }
        });
    }

    private void describeAdmin(PrintWriter out) {
        if (adminServer != null) {
            out.println("  status page: " + adminServer.uri() + "/ (admin API: " + adminServer.uri()
                    + "/api/status; this machine only)");
        }
    }

    /** {@code --listen}, or the default for plain HTTP or TLS. */
    ListenAddress listenAddress() {
        if (listen != null) {
            return listen;
        }
        return tlsKeyStore != null || tlsSelfSigned ? DEFAULT_TLS_LISTEN : DEFAULT_LISTEN;
    }

    /**
     * The TLS settings from the options (generating the certificate for {@code --tls-self-signed}),
     * or null for plain HTTP.
     *
     * @throws ParameterException naming the option when the TLS options do not fit together
     */
    private ServerTls tls(ListenAddress address) throws IOException {
        if (tlsKeyStore != null && tlsSelfSigned) {
            throw usage("--tls-keystore and --tls-self-signed: choose one (expected: your own key store,"
                    + " or a certificate generated at start-up)");
        }
        if (tlsKeyStore == null && !tlsSelfSigned) {
            if (hsts != null) {
                throw usage("--hsts: needs TLS (expected: with --tls-keystore or --tls-self-signed)");
            }
            if (httpRedirectPort != null) {
                throw usage("--http-redirect-port: needs TLS (expected: with --tls-keystore or --tls-self-signed)");
            }
            return null;
        }
        if (hsts != null && hsts < 0) {
            throw usage("--hsts: " + hsts + " (expected: seconds, 0 or more; 0 tells browsers to forget)");
        }
        if (httpRedirectPort != null) {
            if (httpRedirectPort < 0 || httpRedirectPort > 65535) {
                throw usage("--http-redirect-port: " + httpRedirectPort + " (expected: 0 to 65535)");
            }
            if (httpRedirectPort != 0 && httpRedirectPort == address.port()) {
                throw usage("--http-redirect-port: " + httpRedirectPort + " is the HTTPS port too"
                        + " (expected: another port, e.g. 8080 beside 8443)");
            }
        }
        ServerTls tls;
        if (tlsKeyStore != null) {
            checkKeyStore();
            tls = ServerTls.keyStore(tlsKeyStore, tlsPassword);
        } else {
            startupCertificate = StartupCertificate.generate(address.host());
            tls = startupCertificate.tls();
        }
        if (hsts != null) {
            tls = tls.withHsts(hsts);
        }
        if (httpRedirectPort != null) {
            tls = tls.withRedirectFrom(httpRedirectPort);
        }
        return tls;
    }

    /** Opens the key store now, so that a wrong path or password is a usage error, not a failed start. */
    private void checkKeyStore() {
        if (tlsPassword == null) {
            throw usage("--tls-password: missing (expected: the key store's password, or GATEHOUSE_TLS_PASSWORD set)");
        }
        if (!Files.isRegularFile(tlsKeyStore) || !Files.isReadable(tlsKeyStore)) {
            throw usage("--tls-keystore: '" + tlsKeyStore + "' is not a readable file (expected: a PKCS12 or JKS"
                    + " key store with the server's key and certificate chain)");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(tlsKeyStore.toFile(), tlsPassword.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw usage("--tls-keystore: '" + tlsKeyStore + "' cannot be opened with the password given ("
                    + e.getMessage() + "); check --tls-password or GATEHOUSE_TLS_PASSWORD");
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) != null) {
                    return;
                }
            }
        } catch (GeneralSecurityException e) {
            throw usage("--tls-keystore: '" + tlsKeyStore + "' cannot be read (" + e.getMessage() + ")");
        }
        throw usage("--tls-keystore: '" + tlsKeyStore + "' holds no private key with a certificate"
                + " (expected: the server's key and certificate chain)");
    }

    /** The proxy-wide edge options: trusted proxies, allow and deny lists (checked by {@link #cidrs}). */
    private void edge(ProxyConfig.Builder builder) {
        builder.trustedProxies(cidrs("--trusted-proxy", trustedProxies))
                .allow(cidrs("--allow", allow))
                .deny(cidrs("--deny", deny));
    }

    /** The route's edge options: the per-client rate limit and the body size limit. */
    private Route.Builder edge(Route.Builder route) {
        if (rateLimit != null) {
            route.rateLimit(sharedRedis == null ? RateLimiters.tokenBucket(rateLimit.quota()).build()
                    : sharedRedis.tokenBucket(rateLimit.quota()).build());
        }
        if (maxBody != null) {
            route.maxBodySize(maxBody.bytes());
        }
        return route;
    }

    /** The values of a CIDR option, each checked so that a mistake is a usage error naming the option. */
    private String[] cidrs(String option, List<String> values) {
        if (values == null) {
            return new String[0];
        }
        for (String value : values) {
            try {
                Cidr.parse(value);
            } catch (IllegalArgumentException e) {
                throw usage(option + ": '" + value + "' (expected: an IPv4 or IPv6 address or range such as 10.0.0.0/8,"
                        + " 192.0.2.7 or 2001:db8::/32)");
            }
        }
        return values.toArray(new String[0]);
    }

    private void describeEdge(PrintWriter out) {
        if (trustedProxies != null) {
            out.println("  trusted proxies: " + trustedProxies + " (X-Forwarded-For believed from them only)");
        }
        if (allow != null || deny != null) {
            out.println("  clients: " + (allow == null ? "all" : "only " + allow) + (deny == null ? "" : ", except " + deny));
        }
        if (rateLimit != null) {
            out.println("  rate limit: " + rateLimit);
        }
        if (maxBody != null) {
            out.println("  request bodies: at most " + maxBody);
        }
        if (sharedRedis != null) {
            out.println("  shared with the other instances through " + sharedRedis + ":" + (rateLimit == null ? "" : " the rate limit (open while Redis"
                    + " is down)") + (rateLimit != null && cacheSize != null ? " and" : "")
                    + (cacheSize == null ? "" : " cache invalidations"));
        }
    }

    private static void close(FileServiceDiscovery discovery) {
        if (discovery != null) {
            discovery.close();
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

package io.gatehouse.proxy.config;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.ProxyConfigException;
import io.gatehouse.proxy.UpstreamTls;
import io.gatehouse.proxy.access.ForwardedHeader;
import io.gatehouse.proxy.cache.HttpCache;
import io.gatehouse.proxy.cache.PurgeMethod;
import io.gatehouse.proxy.compress.CompressionPolicy;
import io.gatehouse.proxy.compress.ContentCoding;
import io.gatehouse.proxy.dns.ResolvedNames;
import io.gatehouse.proxy.rules.RequestRule;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a YAML configuration file into a {@link ProxyConfig} through {@link ProxyConfig#builder()},
 * so a file is validated exactly as code is. Every problem found, the builder's included, comes
 * back at once in a {@link ConfigFileException} with its file, line, column and field. The format
 * is described by {@code docs/gatehouse-config.schema.json} and the README.
 *
 * <p>A reader keeps the parts of a configuration that hold runtime state (the HTTP cache, rate
 * limiters) and hands the same instances to the next configuration it reads when their settings
 * did not change, so a reload keeps cached responses and rate-limit buckets. Thread-safe.
 *
 * <pre>{@code
 * ProxyConfig config = new ConfigFileReader().read(Path.of("gatehouse.yaml"));
 * ConfigFileReader withDiscovery = ConfigFileReader.builder().discovery(discovery).build();
 * }</pre>
 */
public final class ConfigFileReader implements AutoCloseable {

    /** The largest file read, in bytes; larger files are refused before parsing. */
    public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private final StatefulParts parts = new StatefulParts();
    private final ServiceDiscovery discovery;
    private final Function<String, String> environment;
    private final java.util.function.Consumer<ProxyConfig.Builder> additions;
    private final ResolvedNames names;
    private final RedisSection.Link redisLink = new RedisSection.Link();
    private final RedisSection.Settings defaultRedis;

    /** Creates a reader with the defaults of {@link Builder}; groups marked {@code discovered: true} are then an error. */
    public ConfigFileReader() {
        this(builder());
    }

    private ConfigFileReader(Builder builder) {
        this.discovery = builder.discovery;
        this.environment = builder.environment;
        this.names = builder.names;
        this.additions = builder.additions;
        this.defaultRedis = builder.defaultRedis;
    }

    /** A builder of a reader with collaborators other than the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The collaborators of a {@link ConfigFileReader}; each has a default. Not thread-safe. */
    public static final class Builder {
        private ServiceDiscovery discovery;
        private Function<String, String> environment = System::getenv;
        private ResolvedNames names = ResolvedNames.system();
        private java.util.function.Consumer<ProxyConfig.Builder> additions = builder -> { };
        private RedisSection.Settings defaultRedis;

        private Builder() {
        }

        /**
         * Where the upstreams of groups marked {@code discovered: true} come from (a
         * {@link ConfigWatcher} over the reader starts and closes it). Default: none, and such a
         * group is an error.
         */
        public Builder discovery(ServiceDiscovery discovery) {
            this.discovery = discovery;
            return this;
        }

        /** Where values written {@code ${env:NAME}} come from. Default: the process environment. */
        public Builder environment(Function<String, String> environment) {
            this.environment = java.util.Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Where the host names of groups with {@code dnsRefresh} are resolved (a
         * {@link ConfigWatcher} over the reader resolves them again and applies the changes).
         * Default: {@link ResolvedNames#system()}.
         */
        public Builder names(ResolvedNames names) {
            this.names = java.util.Objects.requireNonNull(names, "names");
            return this;
        }

        /**
         * What the program adds to every configuration read, before it is built: e.g. its
         * observers ({@code builder.observer(metrics)}; pass the same instances each time).
         */
        public Builder additions(java.util.function.Consumer<ProxyConfig.Builder> additions) {
            this.additions = java.util.Objects.requireNonNull(additions, "additions");
            return this;
        }

        /**
         * The Redis to share rate limits and cache invalidations through when the file has no
         * {@code redis:} (e.g. {@code gatehouse proxy --config FILE --redis URL}); a file that has
         * one too is refused.
         *
         * @throws IllegalArgumentException when {@code url} is not a Redis URI
         */
        public Builder defaultRedis(String url) {
            io.gatehouse.proxy.redis.SharedRedis.builder(java.util.Objects.requireNonNull(url, "url"));
            this.defaultRedis = new RedisSection.Settings(url, null, io.gatehouse.proxy.redis.FailMode.OPEN, null);
            return this;
        }

        /** The reader. */
        public ConfigFileReader build() {
            return new ConfigFileReader(this);
        }
    }

    /** Closes the link to the Redis of {@code redis:}, if any (a {@link ConfigWatcher} closes its reader). */
    @Override
    public void close() {
        redisLink.close();
    }

    /** The host names of groups with {@code dnsRefresh}, with their last answers. */
    public ResolvedNames names() {
        return names;
    }

    /** The service discovery of {@code discovered: true} groups, or null. */
    ServiceDiscovery discovery() {
        return discovery;
    }

    /**
     * Reads and validates a file (UTF-8).
     *
     * @throws ConfigFileException listing every problem with its place in the file
     * @throws IOException when the file cannot be read
     */
    public ProxyConfig read(Path file) throws IOException {
        String name = file.toString();
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw tooLarge(name, size);
        }
        return read(Files.readAllBytes(file), name);
    }

    /** Reads the bytes of a file (UTF-8) already read; {@code name} is how problems name the file. */
    ProxyConfig read(byte[] bytes, String name) {
        if (bytes.length > MAX_FILE_BYTES) {
            throw tooLarge(name, bytes.length);
        }
        return read(decode(bytes, name), name);
    }

    private static ConfigFileException tooLarge(String name, long size) {
        return new ConfigFileException(List.of(new ConfigProblem(name, 1, 1, "", "the file has " + size
                + " bytes, more than the limit of " + MAX_FILE_BYTES + "; a configuration that large is a mistake")));
    }

    /**
     * Reads and validates the text of a configuration; {@code name} is how problems name the file.
     *
     * @throws ConfigFileException listing every problem with its place in the text
     */
    public ProxyConfig read(String text, String name) {
        Problems problems = new Problems(name, environment);
        Node root = YamlDocument.parse(text, problems);
        problems.throwIfAny();
        synchronized (parts) {
            return new Reading(problems, parts.nextGeneration(), discovery == null ? null : discovery.upstreams(),
                    names.reading(), redisLink, defaultRedis, additions).read(root);
        }
    }

    private static String decode(byte[] bytes, String name) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigFileException(List.of(new ConfigProblem(name, 1, 1, "",
                    "the file is not UTF-8 text; save it as UTF-8")));
        }
    }

    /** One read of one document. */
    private static final class Reading {

        private static final Pattern ROUTE = Pattern.compile("^route '([^']*)'");
        private static final Pattern GROUP = Pattern.compile("(?:upstream group|in group|group) '([^']*)'");

        private final Problems problems;
        private final StatefulParts.Generation parts;
        private final Map<String, Fields> routes = new LinkedHashMap<>();
        private final Map<String, Fields> groups = new LinkedHashMap<>();
        private final List<Fields> sections = new ArrayList<>();
        private final Map<String, List<ServiceDiscovery.Upstream>> discovered;
        private final ResolvedNames.Reading names;
        private final RedisSection.Link redisLink;
        private final RedisSection.Settings defaultRedis;

        private final java.util.function.Consumer<ProxyConfig.Builder> additions;

        Reading(Problems problems, StatefulParts.Generation parts, Map<String, List<ServiceDiscovery.Upstream>> discovered,
                ResolvedNames.Reading names, RedisSection.Link redisLink, RedisSection.Settings defaultRedis,
                java.util.function.Consumer<ProxyConfig.Builder> additions) {
            this.additions = additions;
            this.problems = problems;
            this.parts = parts;
            this.discovered = discovered;
            this.names = names;
            this.redisLink = redisLink;
            this.defaultRedis = defaultRedis;
        }

        ProxyConfig read(Node root) {
            Fields top = new Fields(root, "", problems);
            ProxyConfig.Builder builder = ProxyConfig.builder();
            // first: the rate limits and the cache of the routes read below are built on its link
            RedisSection.Settings redis = RedisSection.read(root, problems);
            if (defaultRedis != null) {
                if (top.raw("redis") != null) {
                    top.problem("redis", "given here and on the command line (--redis); keep one");
                } else {
                    redis = defaultRedis;
                }
            }
            parts.redis(redis == null ? null : redisLink.forRead(redis), redis);
            top.entries("groups", (id, key, value, path) -> {
                Fields group = new Fields(value, path, problems);
                groups.put(id, group);
                builder.upstreamGroup(id, g -> GroupSection.read(group, g, id, discovered, names));
            });
            if (!top.has("groups")) {
                top.problem("groups", "missing; declare upstream groups, e.g. 'groups: {users: {upstreams: [http://127.0.0.1:9001]}}'");
            }
            List<Node> routeNodes = top.list("routes");
            if (!top.has("routes")) {
                top.problem("routes", "missing; declare routes, e.g. 'routes: [{id: users, pathPrefix: /users, to: users}]'");
            }
            for (int i = 0; i < routeNodes.size(); i++) {
                Fields route = new Fields(routeNodes.get(i), "routes[" + i + "]", problems);
                String id = route.string("id");
                if (id == null) {
                    route.problem("id", "missing; give the route an id, e.g. 'id: users-api'");
                    id = "#" + i;
                }
                routes.putIfAbsent(id, route);
                String routeId = id;
                builder.route(id, r -> RouteSection.read(route, r, routeId, parts));
            }
            Fields.ifPresent(top.string("via"), v -> top.attempt("via", () -> builder.via(v)));
            Fields.ifPresent(top.integer("maxConnectionsPerUpstream"), builder::maxConnectionsPerUpstream);
            Fields.ifPresent(top.duration("upstreamIdleTimeout"), builder::upstreamIdleTimeout);
            Fields edge = top.map("edge");
            if (edge != null) {
                sections.add(edge);
                edge(edge, builder);
            }
            sections.add(top);
            Fields tls = top.map("upstreamTls");
            if (tls != null) {
                upstreamTls(tls, builder);
            }
            if (top.raw("compression") != null) {
                CompressionPolicy compression = compression(top, "compression");
                if (compression != null) {
                    builder.compression(compression);
                }
            }
            Fields cache = top.map("cache");
            if (cache != null) {
                httpCache(cache, builder);
            }
            top.has("redis"); // read first, by RedisSection
            top.finish();
            additions.accept(builder);
            // the builder's checks run even when the file has problems, so that one read reports
            // them all; those about a route or group that has a problem already are left out
            boolean fileProblems = !problems.isEmpty();
            try {
                ProxyConfig config = builder.build();
                problems.throwIfAny();
                parts.commit();
                names.commit();
                redisLink.commit(redis);
                return config;
            } catch (ConfigFileException e) {
                throw e;
            } catch (ProxyConfigException e) {
                for (String problem : e.problems()) {
                    locate(problem, top, fileProblems);
                }
                problems.throwIfAny();
                throw e;
            }
        }

        /** Puts a builder's problem at the route or group it names (left out when that already has one). */
        private void locate(String problem, Fields top, boolean fileProblems) {
            Matcher route = ROUTE.matcher(problem);
            if (route.find() && routes.containsKey(route.group(1))) {
                Fields at = routes.get(route.group(1));
                if (!fileProblems || !problems.hasAtOrUnder(at.path())) {
                    problems.add(at.node(), at.path(), problem);
                }
                return;
            }
            Matcher group = GROUP.matcher(problem);
            if (group.find() && groups.containsKey(group.group(1))) {
                Fields at = groups.get(group.group(1));
                if (!fileProblems || !problems.hasAtOrUnder(at.path())) {
                    problems.add(at.node(), at.path(), problem);
                }
                return;
            }
            if (fileProblems) {
                return; // most likely a consequence of a problem already reported
            }
            // a proxy-wide option, e.g. "trustedProxies: ..." or "maxConnectionsPerUpstream 0 ...": at its key
            for (Fields section : sections) {
                for (String key : section.keys()) {
                    if (problem.startsWith(key + " ") || problem.startsWith(key + ":")) {
                        section.problem(key, problem);
                        return;
                    }
                }
            }
            problems.add(top.node(), "", problem);
        }

        private void edge(Fields edge, ProxyConfig.Builder builder) {
            List<String> trusted = edge.strings("trustedProxies");
            if (!trusted.isEmpty()) {
                builder.trustedProxies(trusted.toArray(String[]::new));
            }
            String header = edge.string("trustedProxyHeader");
            if (header != null) {
                ForwardedHeader chosen = null;
                for (ForwardedHeader h : ForwardedHeader.values()) {
                    if (h.headerName().equalsIgnoreCase(header)) {
                        chosen = h;
                    }
                }
                if (chosen == null) {
                    edge.problem("trustedProxyHeader", "'" + header + "' (expected: X-Forwarded-For or Forwarded)");
                } else {
                    builder.trustedProxyHeader(chosen);
                }
            }
            List<String> allow = edge.strings("allow");
            if (!allow.isEmpty()) {
                builder.allow(allow.toArray(String[]::new));
            }
            List<String> deny = edge.strings("deny");
            if (!deny.isEmpty()) {
                builder.deny(deny.toArray(String[]::new));
            }
            List<RequestRule> rules = PolicySection.rules(edge, "rules");
            if (!rules.isEmpty()) {
                builder.rules(rules.toArray(RequestRule[]::new));
            }
            Fields.ifPresent(edge.integer("maxUriLength"), builder::maxUriLength);
            Fields.ifPresent(edge.integer("maxHeaderSize"), builder::maxHeaderSize);
            if (edge.isExplicitNull("requestIdHeader")) {
                builder.requestIdHeader(null);
            } else {
                Fields.ifPresent(edge.string("requestIdHeader"), builder::requestIdHeader);
            }
            Fields.ifPresent(edge.bool("allowTrace"), builder::allowTrace);
            edge.finish();
        }

        private void upstreamTls(Fields tls, ProxyConfig.Builder builder) {
            UpstreamTls.Builder b = UpstreamTls.builder();
            Fields trust = tls.map("trustStore");
            if (trust != null) {
                String[] store = store(trust);
                if (store != null) {
                    tls.attempt("trustStore", () -> b.trustStore(Path.of(store[0]), store[1], store[2]));
                }
            }
            Fields client = tls.map("clientCertificate");
            if (client != null) {
                String[] store = store(client);
                if (store != null) {
                    tls.attempt("clientCertificate", () -> b.clientCertificate(Path.of(store[0]), store[1], store[2]));
                }
            }
            Boolean verify = tls.bool("hostnameVerification");
            if (Boolean.FALSE.equals(verify)) {
                b.disableHostnameVerification();
            }
            tls.finish();
            try {
                builder.upstreamTls(b.build());
            } catch (ProxyConfigException e) {
                for (String problem : e.problems()) {
                    problems.add(tls.node(), tls.path(), problem);
                }
            }
        }

        private static String[] store(Fields store) {
            String file = store.string("file");
            String password = store.string("password");
            String type = store.string("type");
            store.finish();
            if (file == null) {
                store.problem("file", "missing; name the key store file, e.g. 'file: /etc/gatehouse/trust.p12'");
                return null;
            }
            return new String[] {file, password, type == null ? UpstreamTls.DEFAULT_STORE_TYPE : type};
        }

        private void httpCache(Fields cache, ProxyConfig.Builder builder) {
            HttpCache.Builder b = HttpCache.builder();
            Fields.ifPresent(cache.size("maximumSize"), v -> cache.attempt("maximumSize", () -> b.maximumSize(v)));
            Fields.ifPresent(cache.size("maximumObjectSize"), v -> cache.attempt("maximumObjectSize", () -> b.maximumObjectSize(v)));
            Fields.ifPresent(cache.string("name"), v -> cache.attempt("name", () -> b.name(v)));
            Fields.ifPresent(cache.duration("coalescingTimeout"), v -> cache.attempt("coalescingTimeout", () -> b.coalescingTimeout(v)));
            Fields.ifPresent(cache.integer("maximumVariants"), v -> cache.attempt("maximumVariants", () -> b.maximumVariants(v)));
            if (cache.raw("compression") != null) {
                Fields.ifPresent(compression(cache, "compression"), b::compression);
            }
            Fields purge = cache.map("purge");
            if (purge != null) {
                List<String> from = purge.strings("allowFrom");
                purge.finish();
                if (from.isEmpty()) {
                    purge.problem("allowFrom", "missing; name the networks that may PURGE, e.g. 'allowFrom: [127.0.0.1/32]'");
                } else {
                    purge.attempt("allowFrom", () -> b.purgeMethod(PurgeMethod.allowFrom(from.toArray(String[]::new))));
                }
            }
            cache.finish();
            if (problems.isEmpty()) {
                cache.attempt("", () -> builder.httpCache(parts.reuse("cache", cache.node(),
                        () -> parts.redis() == null ? b.build() : parts.redis().broadcastInvalidations(b))));
            }
        }

        /** {@code gzip} or a mapping of codings, minSize, types and textAndSuffixes. */
        static CompressionPolicy compression(Fields parent, String key) {
            Node node = parent.raw(key);
            if (node instanceof org.snakeyaml.engine.v2.nodes.ScalarNode scalar) {
                if ("gzip".equals(scalar.getValue())) {
                    return CompressionPolicy.gzip();
                }
                parent.problem(key, "'" + scalar.getValue() + "' (expected: gzip, or a mapping with codings, minSize, types)");
                return null;
            }
            Fields c = parent.map(key);
            CompressionPolicy.Builder b = CompressionPolicy.builder();
            List<String> codings = c.strings("codings");
            if (!codings.isEmpty()) {
                List<ContentCoding> list = new ArrayList<>();
                for (String coding : codings) {
                    ContentCoding known = ContentCoding.of(coding.toLowerCase(Locale.ROOT));
                    if (known == null) {
                        c.problem("codings", "'" + coding + "' is not a content coding (expected: gzip)");
                    } else {
                        list.add(known);
                    }
                }
                c.attempt("codings", () -> b.codings(list.toArray(ContentCoding[]::new)));
            }
            Fields.ifPresent(c.integer("minSize"), v -> c.attempt("minSize", () -> b.minSize(v)));
            List<String> types = c.strings("types");
            Boolean textAndSuffixes = c.bool("textAndSuffixes");
            if (!types.isEmpty() || textAndSuffixes != null) {
                c.attempt("types", () -> b.types(textAndSuffixes == null || textAndSuffixes, types.toArray(String[]::new)));
            }
            c.finish();
            try {
                return b.build();
            } catch (IllegalArgumentException | IllegalStateException e) {
                c.problem("codings", e.getMessage());
                return null;
            }
        }
    }
}

package io.gatehouse.proxy.config;

import io.gatehouse.proxy.ProxyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a configuration file and applies each valid new version, e.g. with
 * {@code ProxyServlet::update}; an invalid version is refused, logged at WARN with its problems,
 * and the last good configuration keeps serving until the next valid version.
 *
 * <p>It watches the file's directory ({@link WatchService}), so editors that write a new file and
 * rename it over the old one, and Kubernetes ConfigMaps (a swapped {@code ..data} link), are
 * seen. Events are debounced (the file is read once things have been quiet for the debounce
 * time) and the content's SHA-256 decides: a version already applied or refused is not read
 * again, so duplicate events and touches cost nothing.
 *
 * <pre>{@code
 * ConfigWatcher watcher = ConfigWatcher.open(Path.of("gatehouse.yaml"));   // throws if invalid
 * ProxyServlet servlet = ProxyMount.at(context, "/", watcher.config());
 * watcher.start(servlet::update);
 * }</pre>
 */
public final class ConfigWatcher implements AutoCloseable {

    /** Default quiet time after the last event before the file is read. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(100);

    /** How often the watcher asks whether host names of groups with {@code dnsRefresh} are due to be resolved again. */
    static final Duration DNS_TICK = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final ConfigFileReader reader;
    private final FileWatch watch;
    private volatile ProxyConfig config;
    private volatile Consumer<ProxyConfig> apply;
    private byte[] lastSeen;
    private byte[] lastGood;
    private volatile Status status;

    /**
     * What the watcher did last, for logs and an admin API.
     *
     * @param applied valid versions applied since start (the first read not counted)
     * @param refused invalid versions refused since start
     * @param lastError the problems of the last version read when it was refused, null when it was applied
     * @param version the SHA-256 (hex) of the last version read
     */
    public record Status(int applied, int refused, String lastError, String version) {
    }

    private ConfigWatcher(Path file, ConfigFileReader reader, Duration debounce) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.reader = reader;
        // registered before the first read, so a change right after it is not missed
        this.watch = new FileWatch(this.file, debounce);
        try {
            byte[] bytes = Files.readAllBytes(this.file);
            this.config = reader.read(bytes, this.file.toString());
            this.lastSeen = FileWatch.sha256(bytes);
            this.lastGood = bytes;
            this.status = new Status(0, 0, null, HexFormat.of().formatHex(lastSeen));
        } catch (IOException | RuntimeException e) {
            watch.close();
            throw e;
        }
    }

    /**
     * Reads the file once; {@link #start} then watches it.
     *
     * @throws ConfigFileException when the file is invalid
     * @throws IOException when it cannot be read or its directory watched
     */
    public static ConfigWatcher open(Path file) throws IOException {
        return open(file, new ConfigFileReader(), DEFAULT_DEBOUNCE);
    }

    /** As {@link #open(Path)}, with a reader of one's own and a debounce time. */
    public static ConfigWatcher open(Path file, ConfigFileReader reader, Duration debounce) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reader, "reader");
        if (Objects.requireNonNull(debounce, "debounce").isNegative()) {
            throw new IllegalArgumentException("debounce: " + debounce + " (expected: zero or a positive duration)");
        }
        return new ConfigWatcher(file, reader, debounce);
    }

    /** The configuration in force: the first read's, then the last valid version applied. */
    public ProxyConfig config() {
        return config;
    }

    /** What the watcher did last. */
    public Status status() {
        return status;
    }

    /** Starts watching; each valid new version is given to {@code apply} on the watcher's thread. */
    public ConfigWatcher start(Consumer<ProxyConfig> apply) {
        this.apply = Objects.requireNonNull(apply, "apply");
        watch.start(this::reload);
        ServiceDiscovery discovery = reader.discovery();
        if (discovery != null) {
            discovery.start(() -> watch.submit(this::rediscover));
        }
        watch.every(DNS_TICK, this::refreshNames);
        LOG.info("Watching configuration file {} for changes", file);
        return this;
    }

    /**
     * Reads the file now and applies it if it is a new valid version; refuses and logs it if it
     * is a new invalid one. Runs on the watcher's thread when the file changes; callable from
     * elsewhere (e.g. on SIGHUP or an admin request).
     *
     * @return the status after the read
     */
    public synchronized Status reload() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return status; // between an editor's delete and rename: the next event brings the file back
        } catch (IOException e) {
            LOG.warn("Configuration file {} could not be read; the last good configuration keeps serving: {}", file, e.toString());
            return status;
        }
        byte[] hash = FileWatch.sha256(bytes);
        if (Arrays.equals(hash, lastSeen)) {
            return status;
        }
        lastSeen = hash;
        String version = HexFormat.of().formatHex(hash);
        Status before = status;
        ProxyConfig next;
        try {
            next = reader.read(bytes, file.toString());
        } catch (RuntimeException e) {
            LOG.warn("Configuration file {} refused; the last good configuration keeps serving. {}", file, e.getMessage());
            status = new Status(before.applied(), before.refused() + 1, e.getMessage(), version);
            return status;
        }
        try {
            Consumer<ProxyConfig> target = apply;
            if (target != null) {
                target.accept(next);
            }
        } catch (RuntimeException e) {
            LOG.warn("Configuration file {} could not be applied; the last good configuration keeps serving: {}", file, e.toString());
            status = new Status(before.applied(), before.refused() + 1, e.toString(), version);
            return status;
        }
        config = next;
        lastGood = bytes;
        status = new Status(before.applied() + 1, before.refused(), null, version);
        LOG.info("Configuration file {} applied (version {})", file, version.substring(0, 12));
        return status;
    }

    /**
     * Resolves again the host names of groups with {@code dnsRefresh} whose interval has passed
     * (ADR 0019) and, when an answer changed, builds the configuration again with one upstream per
     * address and applies it: new addresses join, gone ones stop getting requests (those under
     * way finish). Runs every second on the watcher's thread once started; callable from
     * elsewhere (e.g. a test with a fake resolver and clock).
     *
     * @return whether an answer changed
     */
    public boolean refreshNames() {
        try {
            if (!reader.names().refreshDue()) {
                return false;
            }
        } catch (RuntimeException e) {
            LOG.warn("Resolving upstream host names failed; the last addresses stay: {}", e.toString());
            return false;
        }
        rediscover();
        return true;
    }

    /**
     * Builds the last good version of the file again with the service discovery's new upstream
     * sets and applies it; when the sets make it invalid (e.g. a group left without upstreams),
     * logs why and keeps the configuration in force.
     */
    synchronized void rediscover() {
        ProxyConfig next;
        try {
            next = reader.read(lastGood, file.toString());
        } catch (RuntimeException e) {
            LOG.warn("Upstreams changed (service discovery or DNS), but configuration file {} cannot be built with them;"
                    + " the last good configuration keeps serving. {}", file, e.getMessage());
            return;
        }
        try {
            Consumer<ProxyConfig> target = apply;
            if (target != null) {
                target.accept(next);
            }
        } catch (RuntimeException e) {
            LOG.warn("Upstreams from service discovery could not be applied: {}", e.toString());
            return;
        }
        config = next;
        LOG.info("Upstreams from service discovery or DNS applied to {}", file);
    }

    /** Stops watching (and the reader's service discovery, if any). */
    @Override
    public void close() {
        watch.close();
        reader.close();
        ServiceDiscovery discovery = reader.discovery();
        if (discovery != null) {
            discovery.close();
        }
    }
}

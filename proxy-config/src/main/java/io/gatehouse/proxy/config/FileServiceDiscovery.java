package io.gatehouse.proxy.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Service discovery from a YAML file of upstream sets by group id, written by a deploy script or
 * a sidecar, watched like the configuration file:
 *
 * <pre>{@code
 * users:
 *   - http://10.0.0.7:8080
 *   - {uri: "http://10.0.0.8:8080", weight: 2}
 * orders: [http://10.0.1.3:8080]
 * }</pre>
 *
 * An invalid version is refused with a WARN line (file, line, column) and the last good sets stay.
 */
public final class FileServiceDiscovery implements ServiceDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(FileServiceDiscovery.class);

    private final Path file;
    private final FileWatch watch;
    private volatile Map<String, List<Upstream>> upstreams;
    private byte[] lastSeen;
    private Runnable onChange;

    private FileServiceDiscovery(Path file, Duration debounce) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.watch = new FileWatch(this.file, debounce);
        try {
            byte[] bytes = Files.readAllBytes(this.file);
            this.upstreams = parse(bytes, this.file.toString());
            this.lastSeen = FileWatch.sha256(bytes);
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
    public static FileServiceDiscovery open(Path file) throws IOException {
        return open(file, ConfigWatcher.DEFAULT_DEBOUNCE);
    }

    /** As {@link #open(Path)} with a debounce time. */
    public static FileServiceDiscovery open(Path file, Duration debounce) throws IOException {
        Objects.requireNonNull(file, "file");
        if (Objects.requireNonNull(debounce, "debounce").isNegative()) {
            throw new IllegalArgumentException("debounce: " + debounce + " (expected: zero or a positive duration)");
        }
        return new FileServiceDiscovery(file, debounce);
    }

    @Override
    public Map<String, List<Upstream>> upstreams() {
        return upstreams;
    }

    @Override
    public synchronized void start(Runnable onChange) {
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        watch.start(this::reload);
    }

    /**
     * Reads the file now; when it holds new valid sets, keeps them and calls the change listener.
     *
     * @return whether the sets changed
     */
    public synchronized boolean reload() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            LOG.warn("Service discovery file {} could not be read; the last upstreams stay: {}", file, e.toString());
            return false;
        }
        byte[] hash = FileWatch.sha256(bytes);
        if (Arrays.equals(hash, lastSeen)) {
            return false;
        }
        lastSeen = hash;
        Map<String, List<Upstream>> next;
        try {
            next = parse(bytes, file.toString());
        } catch (RuntimeException e) {
            LOG.warn("Service discovery file {} refused; the last upstreams stay. {}", file, e.getMessage());
            return false;
        }
        if (next.equals(upstreams)) {
            return false;
        }
        upstreams = next;
        LOG.info("Service discovery file {}: {}", file, next);
        if (onChange != null) {
            onChange.run();
        }
        return true;
    }

    @Override
    public void close() {
        watch.close();
    }

    /** The sets of a file's text; a located {@link ConfigFileException} when it is not one. */
    static Map<String, List<Upstream>> parse(byte[] bytes, String name) {
        if (bytes.length > ConfigFileReader.MAX_FILE_BYTES) {
            throw new ConfigFileException(List.of(new ConfigProblem(name, 1, 1, "", "the file has " + bytes.length
                    + " bytes, more than the limit of " + ConfigFileReader.MAX_FILE_BYTES)));
        }
        Problems problems = new Problems(name);
        Node root = YamlDocument.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), problems);
        problems.throwIfAny();
        Map<String, List<Upstream>> sets = new LinkedHashMap<>();
        Fields top = new Fields(root, "", problems);
        if (root instanceof org.snakeyaml.engine.v2.nodes.MappingNode mapping) {
            for (var tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key) || sets.containsKey(key.getValue())) {
                    continue; // Fields reported it
                }
                String group = key.getValue();
                List<Upstream> set = new ArrayList<>();
                List<Node> items = top.list(group);
                for (int i = 0; i < items.size(); i++) {
                    Node item = items.get(i);
                    String path = group + "[" + i + "]";
                    if (item instanceof ScalarNode scalar) {
                        set.add(new Upstream(scalar.getValue(), 1));
                        continue;
                    }
                    Fields upstream = new Fields(item, path, problems);
                    String uri = upstream.string("uri");
                    Integer weight = upstream.integer("weight");
                    upstream.finish();
                    if (uri == null) {
                        upstream.problem("uri", "missing; give the upstream's URI, e.g. 'uri: http://10.0.0.7:8080'");
                    } else {
                        set.add(new Upstream(uri, weight == null ? 1 : weight));
                    }
                }
                sets.put(group, List.copyOf(set));
            }
        }
        problems.throwIfAny();
        return java.util.Collections.unmodifiableMap(sets);
    }
}

package io.gatehouse.proxy.config;

import java.util.List;
import java.util.Map;

/**
 * Where the upstreams of groups marked {@code discovered: true} in the configuration file come
 * from: a file ({@link FileServiceDiscovery}), or Consul, Kubernetes endpoints... Routes and the
 * rest of the configuration stay in the configuration file; only the upstream sets change. When
 * the sets change, the {@link ConfigWatcher} builds the configuration again with them and applies
 * it (upstreams that stay keep their state); a set that would make it invalid, such as an empty
 * one, is refused and the configuration in force keeps serving.
 */
public interface ServiceDiscovery extends AutoCloseable {

    /** One upstream as discovered: its URI (e.g. {@code http://10.0.0.7:8080}) and weight (1 or more). */
    record Upstream(String uri, int weight) {
    }

    /** The upstreams known now, by group id; a group it knows nothing about is absent. Thread-safe. */
    Map<String, List<Upstream>> upstreams();

    /** Starts calling {@code onChange} (on any thread, never concurrently) after the sets change. */
    void start(Runnable onChange);

    /** Stops watching for changes. */
    @Override
    void close();
}

package io.gatehouse.proxy.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Upstream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file of upstream sets feeds the groups marked {@code discovered: true}; routes stay as they are. */
class FileServiceDiscoveryTest {

    private static final String CONFIG = "groups:\n  users: {discovered: true}\n  static: {upstreams: [http://127.0.0.1:9009]}\n"
            + "routes:\n  - {id: users, pathPrefix: /users, to: users}\n  - {id: rest, to: static}\n";

    @Test
    void parsesSetsOfUpstreamsByGroup() {
        Map<String, List<ServiceDiscovery.Upstream>> sets = FileServiceDiscovery.parse(
                "users:\n  - http://10.0.0.7:8080\n  - {uri: 'http://10.0.0.8:8080', weight: 2}\norders: []\n"
                        .getBytes(StandardCharsets.UTF_8), "d.yaml");
        assertEquals(Map.of("users", List.of(new ServiceDiscovery.Upstream("http://10.0.0.7:8080", 1),
                new ServiceDiscovery.Upstream("http://10.0.0.8:8080", 2)), "orders", List.of()), sets);
    }

    @Test
    void invalidFileNamesLineAndField() {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> FileServiceDiscovery.parse(
                "users:\n  - {url: 'http://10.0.0.8:8080'}\n".getBytes(StandardCharsets.UTF_8), "d.yaml"));
        assertEquals(List.of("d.yaml:2:5: users[0].uri: missing; give the upstream's URI, e.g. 'uri: http://10.0.0.7:8080'",
                "d.yaml:2:6: users[0].url: unknown key; did you mean 'uri'? (known here: uri, weight)"), e.problems());
    }

    @Test
    void discoveredGroupWithoutDiscoveryIsAnError() {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> new ConfigFileReader().read(CONFIG, "g.yaml"));
        assertEquals(List.of("g.yaml:2:23: groups.users.discovered: no service discovery is set up; give one"
                + " (gatehouse proxy --discovery FILE) or list the upstreams"), e.problems());
    }

    @Test
    void changedSetsAreAppliedWithoutTouchingRoutesAndAnEmptySetIsRefused(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("gatehouse.yaml"), CONFIG);
        Path sets = Files.writeString(dir.resolve("upstreams.yaml"), "users: [http://127.0.0.1:9001]\n");
        List<ProxyConfig> applied = new CopyOnWriteArrayList<>();
        FileServiceDiscovery discovery = FileServiceDiscovery.open(sets, Duration.ofMillis(20));
        try (ConfigWatcher watcher = ConfigWatcher.open(config, ConfigFileReader.builder().discovery(discovery).build(), Duration.ofMillis(20))
                .start(applied::add)) {
            assertEquals(List.of("http://127.0.0.1:9001"), uris(watcher.config()));

            Files.writeString(sets, "users: [http://127.0.0.1:9001, {uri: 'http://127.0.0.1:9002', weight: 3}]\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> applied.size() == 1);
            assertEquals(List.of("http://127.0.0.1:9001", "http://127.0.0.1:9002"), uris(watcher.config()));
            assertEquals(List.of("users", "rest"), watcher.config().routes().stream().map(r -> r.id()).toList());

            Files.writeString(sets, "users: []\n");
            // the empty set reached the reader, which refused it: the configuration in force stays
            await().atMost(Duration.ofSeconds(20)).until(() -> discovery.upstreams().get("users").isEmpty());
            assertEquals(List.of("http://127.0.0.1:9001", "http://127.0.0.1:9002"), uris(watcher.config()));

            Files.writeString(sets, "users: [http://127.0.0.1:9003]\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> uris(watcher.config()).equals(List.of("http://127.0.0.1:9003")));
            assertEquals(2, applied.size());
            assertTrue(watcher.status().lastError() == null);
        }
    }

    private static List<String> uris(ProxyConfig config) {
        return config.upstreamGroup("users").upstreams().stream().map(Upstream::uri).map(Object::toString).toList();
    }
}

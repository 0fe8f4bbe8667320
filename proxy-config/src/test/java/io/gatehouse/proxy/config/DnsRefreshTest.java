package io.gatehouse.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Upstream;
import io.gatehouse.proxy.dns.HostResolver;
import io.gatehouse.proxy.dns.ResolvedNames;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dnsRefresh}: a group's host names become one upstream per address, resolved again when due (ADR 0019). */
class DnsRefreshTest {

    private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();
    private final HostResolver dns = host -> {
        List<InetAddress> answer = answers.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        return answer;
    };
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ResolvedNames names = new ResolvedNames(dns, nanos::get);
    private final ConfigFileReader reader = ConfigFileReader.builder().environment(name -> null).names(names).build();

    private void answer(String host, String... addresses) throws UnknownHostException {
        List<InetAddress> list = new ArrayList<>();
        for (String a : addresses) {
            list.add(InetAddress.getByName(a));
        }
        answers.put(host, list);
    }

    private static String file(String refresh, String upstream) {
        return "groups:\n  users:\n    dnsRefresh: " + refresh + "\n    upstreams:\n      - " + upstream + "\n"
                + "routes: [{id: users, to: users}]\n";
    }

    private static List<String> upstreams(ProxyConfig config) {
        return config.upstreamGroups().get("users").upstreams().stream().map(u -> u.uri() + " " + u.id() + " " + u.weight()).toList();
    }

    @Test
    void aNameBecomesOneUpstreamPerAddressWithItsIdAndWeight() throws Exception {
        answer("users.internal", "10.0.0.7", "10.0.0.8");
        ProxyConfig config = reader.read(file("10s", "{uri: \"http://users.internal:8080/api\", id: users, weight: 2}"), "g.yaml");
        assertEquals(List.of("http://10.0.0.7:8080/api users@10.0.0.7 2", "http://10.0.0.8:8080/api users@10.0.0.8 2"),
                upstreams(config));
        assertEquals(java.util.Set.of("users.internal"), names.names());
    }

    @Test
    void withoutDnsRefreshTheNameIsLeftToTheClient() {
        ProxyConfig config = reader.read("groups: {users: {upstreams: [http://users.internal:8080]}}\nroutes: [{id: u, to: users}]\n", "g.yaml");
        assertEquals(List.of(java.net.URI.create("http://users.internal:8080")),
                config.upstreamGroups().get("users").upstreams().stream().map(Upstream::uri).toList());
        assertTrue(names.names().isEmpty());
    }

    @Test
    void trueMeansTheDefaultInterval() throws Exception {
        answer("users.internal", "10.0.0.7");
        reader.read(file("true", "http://users.internal:8080"), "g.yaml");
        answer("users.internal", "10.0.0.9");
        nanos.addAndGet(ResolvedNames.DEFAULT_INTERVAL.toNanos() - 1);
        assertFalse(names.refreshDue());
        nanos.incrementAndGet();
        assertTrue(names.refreshDue());
    }

    @Test
    void aNameThatDoesNotResolveIsALocatedError() {
        ConfigFileException e = assertThrows(ConfigFileException.class,
                () -> reader.read(file("10s", "http://nowhere.internal:8080"), "g.yaml"));
        assertEquals("g.yaml:5:9: groups.users.upstreams[0]: host 'nowhere.internal' does not resolve (nowhere.internal);"
                + " check the name, or give an address", e.problems().get(0));
    }

    @Test
    void httpsUpstreamsAreRefusedSinceTlsChecksTheName() {
        ConfigFileException e = assertThrows(ConfigFileException.class,
                () -> reader.read(file("10s", "https://users.internal"), "g.yaml"));
        assertTrue(e.problems().get(0).startsWith("g.yaml:5:9: groups.users.upstreams[0]: dnsRefresh needs http upstreams"),
                e.problems().toString());
    }

    @Test
    void aBadIntervalIsALocatedError() {
        ConfigFileException e = assertThrows(ConfigFileException.class,
                () -> reader.read(file("0s", "http://127.0.0.1:8080"), "g.yaml"));
        assertTrue(e.problems().get(0).startsWith("g.yaml:3:17: groups.users.dnsRefresh: 'PT0S' (expected: a positive duration"),
                e.problems().toString());
        e = assertThrows(ConfigFileException.class, () -> reader.read(file("often", "http://127.0.0.1:8080"), "g.yaml"));
        assertTrue(e.problems().get(0).startsWith("g.yaml:3:17: groups.users.dnsRefresh: 'often' is not a duration"),
                e.problems().toString());
    }

    @Test
    void theWatcherAppliesANewAnswerAndKeepsTheLastOneWhenDnsFails(@TempDir Path dir) throws Exception {
        answer("users.internal", "10.0.0.7");
        Path file = Files.writeString(dir.resolve("gatehouse.yaml"), file("5s", "http://users.internal:8080"));
        List<ProxyConfig> applied = new CopyOnWriteArrayList<>();
        try (ConfigWatcher watcher = ConfigWatcher.open(file, reader, Duration.ofMillis(20)).start(applied::add)) {
            answer("users.internal", "10.0.0.7", "10.0.0.8");
            assertFalse(watcher.refreshNames(), "not due yet");
            nanos.addAndGet(Duration.ofSeconds(5).toNanos());
            assertTrue(watcher.refreshNames());
            assertEquals(List.of("http://10.0.0.7:8080 http://10.0.0.7:8080 1", "http://10.0.0.8:8080 http://10.0.0.8:8080 1"),
                    upstreams(watcher.config()));
            assertEquals(1, applied.size());

            answers.remove("users.internal");
            nanos.addAndGet(Duration.ofSeconds(5).toNanos());
            assertFalse(watcher.refreshNames(), "a failed lookup is no change");
            assertEquals(2, upstreams(watcher.config()).size());

            answer("users.internal", "10.0.0.8");
            nanos.addAndGet(Duration.ofSeconds(5).toNanos());
            assertTrue(watcher.refreshNames());
            assertEquals(List.of("http://10.0.0.8:8080 http://10.0.0.8:8080 1"), upstreams(watcher.config()));
            assertEquals(2, applied.size());
        }
    }
}

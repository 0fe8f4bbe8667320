package io.gatehouse.proxy.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher applies valid versions of the file, refuses invalid ones, and reads each version once. */
class ConfigWatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static String config(String via) {
        return "via: " + via + "\ngroups: {g: {upstreams: [http://127.0.0.1:9001]}}\nroutes: [{id: r, to: g}]\n";
    }

    @Test
    void appliesValidChangesAndRefusesInvalidOnesKeepingTheLastGood(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("gatehouse.yaml"), config("one"));
        List<ProxyConfig> applied = new CopyOnWriteArrayList<>();
        try (ConfigWatcher watcher = ConfigWatcher.open(file, new ConfigFileReader(), Duration.ofMillis(20)).start(applied::add)) {
            assertEquals("one", watcher.config().via());

            Files.writeString(file, config("two"));
            await().atMost(WAIT).until(() -> watcher.status().applied() == 1);
            assertEquals("two", applied.get(0).via());
            assertSame(applied.get(0), watcher.config());
            assertNull(watcher.status().lastError());

            Files.writeString(file, config("three") + "colour: red\n");
            await().atMost(WAIT).until(() -> watcher.status().refused() == 1);
            assertEquals(1, applied.size(), "an invalid version is not applied");
            assertEquals("two", watcher.config().via(), "the last good configuration stays");
            assertTrue(watcher.status().lastError().contains(file + ":4:1: colour: unknown key"), watcher.status().lastError());

            Files.writeString(file, config("four"));
            await().atMost(WAIT).until(() -> watcher.status().applied() == 2);
            assertEquals("four", watcher.config().via(), "the next valid version still applies");
            assertNull(watcher.status().lastError());
        }
    }

    @Test
    void aRefusedVersionIsLoggedAtWarnWithItsProblems(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("gatehouse.yaml"), config("one"));
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        // events wait an hour: only reload() reads the file, on this thread
        try (ConfigWatcher watcher = ConfigWatcher.open(file, new ConfigFileReader(), Duration.ofHours(1)).start(c -> { })) {
            Files.writeString(file, config("two").replace("to: g", "to: h"));
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                watcher.reload();
            } finally {
                System.setErr(err);
            }
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(log.contains("WARN io.gatehouse.proxy.config.ConfigWatcher - Configuration file " + file
                + " refused; the last good configuration keeps serving. Invalid proxy configuration: " + file
                + ":3:10: routes[0]: route 'r' sends to upstream group 'h', which is not declared"), log);
    }

    @Test
    void seesAnEditorsRenameWrite(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("gatehouse.yaml"), config("one"));
        List<ProxyConfig> applied = new CopyOnWriteArrayList<>();
        try (ConfigWatcher watcher = ConfigWatcher.open(file, new ConfigFileReader(), Duration.ofMillis(20)).start(applied::add)) {
            Path swap = Files.writeString(dir.resolve(".gatehouse.yaml.swp"), config("renamed"));
            Files.move(swap, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            await().atMost(WAIT).until(() -> watcher.status().applied() == 1);
            assertEquals("renamed", watcher.config().via());
        }
    }

    @Test
    void aVersionAlreadyReadIsNotReadAgain(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("gatehouse.yaml"), config("one"));
        List<ProxyConfig> applied = new CopyOnWriteArrayList<>();
        // events wait an hour: only the reload() calls below read the file
        try (ConfigWatcher watcher = ConfigWatcher.open(file, new ConfigFileReader(), Duration.ofHours(1)).start(applied::add)) {
            assertEquals(0, watcher.reload().applied(), "the version read at open is not applied again");
            Files.writeString(file, config("two"));
            assertEquals(1, watcher.reload().applied());
            Files.writeString(file, config("two"));
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
            assertEquals(1, watcher.reload().applied(), "same bytes: nothing to do");
            Files.writeString(file, "groups: [");
            assertEquals(1, watcher.reload().refused());
            assertEquals(1, watcher.reload().refused(), "the same invalid version is refused once");
            assertEquals(1, applied.size());
        }
    }

    @Test
    void anInvalidFileAtOpenIsAnError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("gatehouse.yaml"), "routes: []\n");
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigWatcher.open(file));
        assertTrue(e.getMessage().contains("groups: missing"), e.getMessage());
    }
}

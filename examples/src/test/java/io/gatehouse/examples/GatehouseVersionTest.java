package io.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where {@code gatehouse --version} finds the version: the manifest, then the build's resource, then "unknown". */
class GatehouseVersionTest {

    @Test
    void theManifestWins() {
        assertEquals("1.2.3", GatehouseVersion.version("1.2.3", "0.1.0-SNAPSHOT"));
    }

    @Test
    void withoutAManifestTheBuildsVersionIsUsed() {
        assertEquals("0.1.0-SNAPSHOT", GatehouseVersion.version(null, "0.1.0-SNAPSHOT"));
        assertEquals("0.1.0-SNAPSHOT", GatehouseVersion.version(" ", "0.1.0-SNAPSHOT"));
    }

    @Test
    void anUnfilteredOrMissingVersionFallsBackToUnknown() {
        assertEquals(GatehouseVersion.UNKNOWN, GatehouseVersion.version(null, "${project.version}"));
        assertEquals(GatehouseVersion.UNKNOWN, GatehouseVersion.version(null, null));
    }
}

package io.gatehouse.examples;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version {@code gatehouse --version} prints: the jar manifest's {@code Implementation-Version}
 * (set by the shaded jar's build), else the Maven project version written into
 * {@code version.properties} at build time (running from {@code target/classes}), else
 * {@value #UNKNOWN}.
 */
final class GatehouseVersion implements IVersionProvider {

    /** What is printed when neither the manifest nor the build says the version. */
    static final String UNKNOWN = "unknown (not built by Maven)";

    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"gatehouse " + version()};
    }

    /** The version, from the manifest, the build's resource, or {@value #UNKNOWN}. */
    static String version() {
        return version(GatehouseVersion.class.getPackage().getImplementationVersion(), fromResource());
    }

    /** The first known of the manifest's and the resource's versions (unfiltered placeholders do not count). */
    static String version(String manifest, String resource) {
        if (known(manifest)) {
            return manifest;
        }
        return known(resource) ? resource : UNKNOWN;
    }

    private static boolean known(String version) {
        return version != null && !version.isBlank() && !version.contains("${");
    }

    private static String fromResource() {
        try (InputStream in = GatehouseVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }
}

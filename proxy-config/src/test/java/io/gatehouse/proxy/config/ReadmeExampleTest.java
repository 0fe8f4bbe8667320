package io.gatehouse.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.proxy.ProxyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example in the README's "Configuration file" section is a valid file. */
class ReadmeExampleTest {

    @Test
    void readmeExampleReads() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int section = readme.indexOf("## Configuration file");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        ProxyConfig config = new ConfigFileReader().read(yaml, "README.md");
        assertEquals("users-api", config.routes().get(0).id());
    }
}

package io.gatehouse.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;

/**
 * docs/gatehouse-config.schema.json describes what the reader reads: the file with every option
 * and every example file validate against it, a typo does not, and every property it names is
 * an option of that file (which the reader accepts).
 */
class ConfigSchemaTest {

    private static final Path SCHEMA = Path.of("../docs/gatehouse-config.schema.json");
    private static final Path EXAMPLES = Path.of("../examples/config");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonSchema schema() throws IOException {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static JsonNode yaml(String text) {
        return JSON.valueToTree(new Load(YamlDocument.settings("test")).loadFromString(text));
    }

    @Test
    void fileWithEveryOptionValidates() throws IOException {
        Set<ValidationMessage> errors = schema().validate(yaml(ConfigFileReaderTest.resource("everything.yaml")));
        assertEquals(Set.of(), errors);
    }

    @Test
    void everyExampleFileValidatesAndReads() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 6, "example files: " + files);
        JsonSchema schema = schema();
        for (Path file : files) {
            assertEquals(Set.of(), schema.validate(yaml(Files.readString(file))), file.toString());
            new ConfigFileReader().read(file);
        }
    }

    @Test
    void typoFailsTheSchemaToo() throws IOException {
        Set<ValidationMessage> errors = schema().validate(yaml(
                "groups: {a: {upstreams: [http://127.0.0.1:1]}}\nroutes: [{id: r, to: a, pathPrefx: /x}]\n"));
        assertFalse(errors.isEmpty());
        assertTrue(errors.toString().contains("pathPrefx"), errors.toString());
    }

    @Test
    void everyPropertyOfTheSchemaIsAnOptionOfTheFullFile() throws IOException {
        String schema = Files.readString(SCHEMA);
        JsonNode root = JSON.readTree(schema);
        Set<String> names = new TreeSet<>();
        collect(root, names);
        String everything = ConfigFileReaderTest.resource("everything.yaml");
        Set<String> missing = new TreeSet<>();
        for (String name : names) {
            Matcher key = Pattern.compile("(^|[\\s{,-])" + Pattern.quote(name) + ":").matcher(everything);
            if (!key.find()) {
                missing.add(name);
            }
        }
        // the key stores must exist to build: ConfigFileErrorsTest.missingTrustStoreIsPlacedAtUpstreamTls reads them
        missing.removeAll(Set.of("trustStore", "clientCertificate", "file", "password", "type"));
        // redis: connects to a Redis: RedisSectionTest and the examples' ProxyCommandRedisTest read it
        missing.removeAll(Set.of("redis", "url", "commandTimeout", "failMode", "keyPrefix"));
        assertEquals(Set.of(), missing, "schema properties that everything.yaml does not use");
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            JsonNode properties = node.get("properties");
            if (properties != null && properties.isObject()) {
                properties.fieldNames().forEachRemaining(names::add);
            }
            node.elements().forEachRemaining(child -> collect(child, names));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, names));
        }
    }
}

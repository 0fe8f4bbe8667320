package io.gatehouse.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per class of error a configuration file can have, each asserting its message. */
class ConfigFileErrorsTest {

    private static final String GROUPS = "groups:\n  users:\n    upstreams: [http://127.0.0.1:9001]\n";

    private static List<String> problems(String yaml) {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> new ConfigFileReader().read(yaml, "g.yaml"));
        return e.problems();
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        List<String> problems = problems(GROUPS + "routes:\n  - id: a\n    to: users\n   pathPrefix: /x\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("g.yaml:7:4: not valid YAML: "), problems.get(0));
        assertTrue(problems.get(0).endsWith("; check the indentation and quoting there"), problems.get(0));
    }

    @Test
    void unknownKeyIsAnErrorWithDidYouMean() {
        List<String> problems = problems(GROUPS + "routes:\n  - id: a\n    pathPrefx: /users\n    to: users\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("g.yaml:6:5: routes[0].pathPrefx: unknown key; did you mean 'pathPrefix'?"
                + " (known here: id, order, pathPrefix, path, pathTemplate, hosts,"), problems.get(0));
    }

    @Test
    void unknownKeyFarFromAnyGetsNoSuggestion() {
        List<String> problems = problems(GROUPS + "routes: [{id: a, to: users}]\ncolour: blue\n");
        assertEquals(List.of("g.yaml:5:1: colour: unknown key (known here: groups, routes, via, maxConnectionsPerUpstream,"
                + " upstreamIdleTimeout, edge, upstreamTls, compression, cache, redis)"), problems);
    }

    @Test
    void duplicateKeyIsRefused() {
        List<String> problems = problems(GROUPS + "routes:\n  - id: a\n    to: users\n    to: other\n");
        assertEquals(List.of("g.yaml:7:5: routes[0].to: given twice (first on line 6); keep one"), problems);
    }

    @Test
    void duplicateGroupIsRefused() {
        List<String> problems = problems(GROUPS + "  users:\n    upstreams: [http://127.0.0.1:9002]\nroutes: [{id: a, to: users}]\n");
        assertEquals(List.of("g.yaml:4:3: groups.users: given twice (first on line 2); keep one"), problems);
    }

    @Test
    void wrongTypeNamesTheExpectedOne() {
        List<String> problems = problems(GROUPS + "routes:\n  - id: a\n    to: users\n    preserveHost: sometimes\n"
                + "    order: first\n    hosts: {a: b}\n");
        assertEquals(List.of(
                "g.yaml:7:19: routes[0].preserveHost: 'sometimes' is not a boolean (expected: true or false)",
                "g.yaml:8:12: routes[0].order: 'first' is not a whole number (expected: e.g. 3)",
                "g.yaml:9:12: routes[0].hosts: expected a list of values, found a mapping"), problems);
    }

    @Test
    void badDurationAndSizeSayWhatIsExpected() {
        List<String> problems = problems(GROUPS + "routes:\n  - id: a\n    to: users\n    connectTimeout: 5 seconds\n"
                + "    maxBodySize: 10 megs\n");
        assertEquals(List.of(
                "g.yaml:7:21: routes[0].connectTimeout: '5 seconds' is not a duration (expected: a duration such as 500ms,"
                        + " 30s, 5m, 1h, 2d or PT30S)",
                "g.yaml:8:18: routes[0].maxBodySize: '10 megs' is not a size (expected: a size in bytes such as 1048576,"
                        + " 512KiB, 64MiB, 1GiB or 10MB)"), problems);
    }

    @Test
    void builderProblemIsPlacedAtItsRoute() {
        List<String> problems = problems(GROUPS + "routes:\n  - id: a\n    to: users\n  - id: b\n    pathPrefix: /b\n    to: orders\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("g.yaml:7:5: routes[1]: route 'b' sends to upstream group 'orders', which is"
                + " not declared; declare it"), problems.get(0));
    }

    @Test
    void builderProblemIsPlacedAtItsGroup() {
        List<String> problems = problems("groups:\n  users:\n    upstreams: [ftp://127.0.0.1:9001]\nroutes: [{id: a, to: users}]\n");
        assertEquals(List.of("g.yaml:3:5: groups.users: upstream 'ftp://127.0.0.1:9001' in group 'users': must be an absolute"
                + " http or https URI (h2c or h2 for HTTP/2), e.g. 'http://127.0.0.1:8080'"), problems);
    }

    @Test
    void stageBuilderRefusalIsPlacedAtItsField() {
        List<String> problems = problems(GROUPS + "routes:\n  - id: a\n    to: users\n    retry: {maxAttempts: 0}\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("g.yaml:7:26: routes[0].retry.maxAttempts: maxAttempts: 0"), problems.get(0));
    }

    @Test
    void missingRequiredKeysSayWhatToAdd() {
        List<String> problems = problems("via: gatehouse\n");
        assertEquals(List.of(
                "g.yaml:1:1: groups: missing; declare upstream groups, e.g. 'groups: {users: {upstreams: [http://127.0.0.1:9001]}}'",
                "g.yaml:1:1: routes: missing; declare routes, e.g. 'routes: [{id: users, pathPrefix: /users, to: users}]'"),
                problems);
    }

    @Test
    void emptyFileIsAnError() {
        assertEquals(List.of("g.yaml:1:1: the file is empty; declare at least 'groups:' and 'routes:'"), problems("# nothing\n"));
    }

    @Test
    void secondDocumentIsRefused() {
        List<String> problems = problems(GROUPS + "routes: [{id: a, to: users}]\n---\nvia: x\n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("; keep one document per file (remove the '---' line)"), problems.get(0));
    }

    @Test
    void aliasBombIsRefused() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        char previous = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                yaml.append(i == 0 ? "" : ", ").append('*').append(previous);
            }
            yaml.append("]\n");
            previous = c;
        }
        List<String> problems = problems(yaml.toString());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("g.yaml:"), problems.get(0));
        assertTrue(problems.get(0).contains("aliases"), problems.get(0));
        assertTrue(problems.get(0).endsWith("(at most 20 aliases of lists or mappings; write the blocks out)"), problems.get(0));
    }

    @Test
    void hugeTextIsRefused() {
        String yaml = GROUPS + "routes: [{id: a, to: users}]\n# " + "x".repeat(YamlDocument.MAX_CODE_POINTS) + "\n";
        List<String> problems = problems(yaml);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("g.yaml:1:1: the file has "), problems.get(0));
        assertTrue(problems.get(0).endsWith("characters, more than the limit of 1000000; a configuration that large is a"
                + " mistake: split it or generate less"), problems.get(0));
    }

    @Test
    void hugeFileIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.yaml");
        Files.write(file, new byte[(int) ConfigFileReader.MAX_FILE_BYTES + 1]);
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> new ConfigFileReader().read(file));
        assertEquals(List.of(file + ":1:1: the file has 4194305 bytes, more than the limit of 4194304; a configuration that"
                + " large is a mistake"), e.problems());
    }

    @Test
    void notUtf8IsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'v', 'i', 'a', ':', ' ', (byte) 0xE9, '\n'});
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> new ConfigFileReader().read(file));
        assertEquals(List.of(file + ":1:1: the file is not UTF-8 text; save it as UTF-8"), e.problems());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> problems = problems(GROUPS + "routes:\n  - id: a\n    to: users\n    colour: red\n  - id: b\n    to: users\n"
                + "    pathPrefix: /b\n    idleTimeout: soon\n");
        assertEquals(2, problems.size(), problems.toString());
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> new ConfigFileReader().read(
                GROUPS + "routes:\n  - id: a\n    to: users\n    colour: red\n", "g.yaml"));
        assertEquals(new ConfigProblem("g.yaml", 7, 5, "routes[0].colour", e.located().get(0).message()), e.located().get(0));
        assertTrue(e.getMessage().startsWith("Invalid proxy configuration: g.yaml:7:5: routes[0].colour: unknown key"), e.getMessage());
    }

    @Test
    void missingTrustStoreIsPlacedAtUpstreamTls() {
        List<String> problems = problems(GROUPS + "routes: [{id: a, to: users}]\nupstreamTls:\n"
                + "  trustStore: {file: /nonexistent/trust.p12, password: secret, type: PKCS12}\n"
                + "  clientCertificate: {file: /nonexistent/client.p12, password: secret}\n");
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("g.yaml:6:3: upstreamTls: "), problems.get(0));
        assertTrue(problems.get(0).contains("/nonexistent/trust.p12"), problems.get(0));
        assertTrue(problems.get(1).contains("/nonexistent/client.p12"), problems.get(1));
    }

    @Test
    void proxyWideBuilderProblemIsPlacedAtItsKey() {
        List<String> problems = problems(GROUPS + "routes: [{id: a, to: users}]\nmaxConnectionsPerUpstream: 0\n"
                + "edge:\n  trustedProxies: [10.0.0.0/33]\n");
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("g.yaml:5:28: maxConnectionsPerUpstream: maxConnectionsPerUpstream 0 is invalid (expected: 1 or more)",
                problems.get(0));
        assertTrue(problems.get(1).startsWith("g.yaml:7:19: edge.trustedProxies: trustedProxies: '10.0.0.0/33' has prefix length"), problems.get(1));
    }

    @Test
    void builderProblemsComeWithFileProblemsButNotTheirConsequences() {
        List<String> problems = problems(GROUPS + "routes:\n  - id: a\n    to: [users, other]\n"
                + "  - id: b\n    pathPrefix: /b\n    to: orders\n  - id: c\n    pathPrefix: /c\n    to: users\n    colour: red\n");
        assertEquals(3, problems.size(), problems.toString());
        assertEquals("g.yaml:6:9: routes[0].to: expected a single value, found a list", problems.get(0));
        assertTrue(problems.get(1).startsWith("g.yaml:7:5: routes[1]: route 'b' sends to upstream group 'orders', which is not"
                + " declared"), problems.get(1));
        assertTrue(problems.get(2).startsWith("g.yaml:13:5: routes[2].colour: unknown key"), problems.get(2));
    }

    @Test
    void unsetEnvironmentVariableIsNamed() {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigFileReader.builder().environment(name -> null).build().read(
                GROUPS + "routes:\n  - id: a\n    to: users\n    access: {apiKey: {keys: ['${env:GATEHOUSE_KEY}']}}\n", "g.yaml"));
        assertTrue(e.problems().contains("g.yaml:7:30: routes[0].access.apiKey.keys: environment variable GATEHOUSE_KEY is not"
                + " set; set it, or write the value instead of ${env:GATEHOUSE_KEY}"), e.problems().toString());
    }
}

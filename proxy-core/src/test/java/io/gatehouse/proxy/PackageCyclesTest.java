package io.gatehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ADR 0010: proxy-core's packages depend on each other without cycles (root and {@code engine}
 * on the stages, never back). A dependency is a name of another package's class in a source
 * file's code (imports, qualified names; not comments, so a Javadoc link is free), read from
 * {@code src/main/java}.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package ([a-z0-9_.]+);", Pattern.MULTILINE);
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.gatehouse\\.proxy(?:\\.[a-z0-9_]+)*)\\.[A-Z]");

    @Test
    void theCorePackagesFormNoCycle() {
        Map<String, Set<String>> graph = dependencies();
        assertTrue(graph.size() > 10, "read " + graph.keySet());
        assertEquals(List.of(), cycles(graph), "package cycles (ADR 0010)");
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        assertEquals(List.of(List.of("a", "b", "c", "a")), cycles(graph));
    }

    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String source = COMMENT.matcher(read(file)).replaceAll(" ");
                Matcher declared = PACKAGE.matcher(source);
                if (!declared.find()) {
                    return;
                }
                String from = declared.group(1);
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(source);
                while (reference.find()) {
                    if (!reference.group(1).equals(from)) {
                        to.add(reference.group(1));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** Each cycle found by a depth-first walk, as the path that closes it (first package repeated). */
    private static List<List<String>> cycles(Map<String, Set<String>> graph) {
        List<List<String>> found = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            walk(start, graph, new ArrayDeque<>(), done, found);
        }
        return found;
    }

    private static void walk(String node, Map<String, Set<String>> graph, Deque<String> path, Set<String> done,
                             List<List<String>> found) {
        if (path.contains(node)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (String p : (Iterable<String>) path::descendingIterator) {
                in |= p.equals(node);
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(node);
            found.add(cycle);
            return;
        }
        if (!done.add(node)) {
            return;
        }
        path.push(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            walk(next, graph, path, done, found);
        }
        path.pop();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

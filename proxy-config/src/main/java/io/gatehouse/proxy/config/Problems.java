package io.gatehouse.proxy.config;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects the problems of one file with their place, so that one read reports them all. */
final class Problems {

    private final String file;
    private final java.util.function.Function<String, String> environment;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(String file) {
        this(file, System::getenv);
    }

    /** With where {@code ${env:NAME}} values come from. */
    Problems(String file, java.util.function.Function<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    /** The value of an environment variable, or null when it is not set. */
    String environment(String name) {
        return environment.apply(name);
    }

    String file() {
        return file;
    }

    void add(Node at, String field, String message) {
        Mark mark = at == null ? null : at.getStartMark().orElse(null);
        add(mark, field, message);
    }

    void add(Mark mark, String field, String message) {
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        found.add(new ConfigProblem(file, line, column, field, message));
    }

    /** Whether a problem was found at this field or inside it. */
    boolean hasAtOrUnder(String field) {
        for (ConfigProblem problem : found) {
            if (problem.field().equals(field) || problem.field().startsWith(field + ".") || problem.field().startsWith(field + "[")) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** Throws the problems found, in the order of the file (line, then column). */
    void throwIfAny() {
        if (!found.isEmpty()) {
            List<ConfigProblem> inFileOrder = new ArrayList<>(found);
            inFileOrder.sort(java.util.Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
            throw new ConfigFileException(inFileOrder);
        }
    }
}

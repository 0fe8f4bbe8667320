package io.gatehouse.proxy.config;

import io.gatehouse.proxy.ProxyConfigException;
import java.util.List;

/**
 * An invalid configuration file: every problem found, each with its file, line, column and field.
 * {@link #problems()} holds them as {@code file:line:column: field: message} lines.
 */
public final class ConfigFileException extends ProxyConfigException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> located;

    /** Creates an exception for these problems (at least one). */
    public ConfigFileException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).toList());
        this.located = List.copyOf(problems);
    }

    /** The problems with their place in the file, in the order found. */
    public List<ConfigProblem> located() {
        return located;
    }
}

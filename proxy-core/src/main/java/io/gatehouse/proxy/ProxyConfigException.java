package io.gatehouse.proxy;

import java.util.List;

/**
 * An invalid proxy configuration. The message lists every problem found, each naming the route
 * or upstream, the value, and how to fix it. Not final: a configuration file's reader adds where
 * in the file each problem is.
 */
public class ProxyConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** Creates an exception listing the problems found by validation. */
    public ProxyConfigException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one sentence each, in the order found. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.size() == 1) {
            return "Invalid proxy configuration: " + problems.get(0);
        }
        StringBuilder message = new StringBuilder("Invalid proxy configuration (")
                .append(problems.size()).append(" problems):");
        for (String problem : problems) {
            message.append(System.lineSeparator()).append(" - ").append(problem);
        }
        return message.toString();
    }
}

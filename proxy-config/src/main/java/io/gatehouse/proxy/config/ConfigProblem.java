package io.gatehouse.proxy.config;

/**
 * One problem of a configuration file: where it is (file, 1-based line and column), which field
 * (a path such as {@code routes[0].retry.maxAttempts}) and what is wrong with how to fix it.
 *
 * @param file the file's name as given to the reader
 * @param line the 1-based line
 * @param column the 1-based column
 * @param field the field's path in the document, empty for the document itself
 * @param message what is wrong and how to fix it
 */
public record ConfigProblem(String file, int line, int column, String field, String message) {

    /** {@code file:line:column: field: message}, the form compilers use, so editors can jump to it. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}

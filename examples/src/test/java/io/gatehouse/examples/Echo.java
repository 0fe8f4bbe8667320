package io.gatehouse.examples;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link DemoBackend} said it received.
 *
 * @param query null when the request had none
 */
record Echo(String backend, String method, String path, String query) {

    private static final Pattern SHAPE = Pattern.compile(
            "\\{\"backend\":\"([^\"]*)\",\"method\":\"([^\"]*)\",\"path\":\"([^\"]*)\",\"query\":(null|\"[^\"]*\")}\\s*");

    static Echo parse(String json) {
        Matcher m = SHAPE.matcher(json);
        if (!m.matches()) {
            throw new AssertionError("not a demo backend answer: " + json);
        }
        String query = m.group(4).equals("null") ? null : m.group(4).substring(1, m.group(4).length() - 1);
        return new Echo(m.group(1), m.group(2), m.group(3), query);
    }
}

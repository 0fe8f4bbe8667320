package io.gatehouse.examples;

import io.gatehouse.proxy.ProxyConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The problems of a {@link ProxyConfigException} in the {@code proxy} command's terms: the
 * command builds one upstream group ({@value #GROUP}) and one route ({@value #ROUTE}) the user
 * never named, so "upstream 'x' in group 'upstreams'" becomes "--to 'x'", and an upstream given
 * twice says so; user info in a URL is masked. One problem a line.
 */
final class ConfigProblems {

    /** The id of the implicit group of the {@code --to} upstreams. */
    static final String GROUP = "upstreams";
    /** The id of the implicit route of every request. */
    static final String ROUTE = "all";

    private static final Pattern UPSTREAM = Pattern.compile(
            "^upstream '(.*)' in group '" + Pattern.quote(GROUP) + "': ", Pattern.DOTALL);
    private static final Pattern TWICE = Pattern.compile(
            "^upstream '(.*)' appears twice in group '" + Pattern.quote(GROUP) + "'.*$", Pattern.DOTALL);

    private ConfigProblems() {
    }

    /** Every problem of {@code e} in CLI terms, one a line. */
    static String inCliTerms(ProxyConfigException e) {
        List<String> lines = new ArrayList<>();
        for (String problem : e.problems()) {
            lines.add(inCliTerms(problem));
        }
        return String.join(System.lineSeparator(), lines);
    }

    /** One problem in CLI terms. */
    static String inCliTerms(String problem) {
        Matcher twice = TWICE.matcher(problem);
        String text;
        if (twice.matches()) {
            text = "--to '" + twice.group(1) + "': given twice (expected: each upstream once)";
        } else {
            text = UPSTREAM.matcher(problem).replaceFirst(m -> Matcher.quoteReplacement("--to '" + m.group(1) + "': "))
                    .replace("upstream group '" + GROUP + "'", "the --to upstreams")
                    .replace("route '" + ROUTE + "'", "the proxy");
        }
        return Secrets.userInfo(text);
    }
}

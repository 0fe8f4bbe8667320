package io.gatehouse.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Masks what must never be echoed in an error or a log line: the user info of any URL
 * ({@code http://user:secret@host} becomes {@code http://***@host}) and the values given to the
 * secret options ({@link #SECRET_OPTIONS}) on this command line, wherever a message quotes them.
 */
final class Secrets {

    /** The options whose values are secret. */
    static final List<String> SECRET_OPTIONS = List.of("--tls-password");

    /** A scheme, {@code ://}, and everything up to the last {@code @} of the same word: the user info. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^\\s'\"\\[\\],]*@");

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    /** The secret values among the arguments: the one after a secret option, or after its {@code =}. */
    static Secrets in(String[] args) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            for (String option : SECRET_OPTIONS) {
                if (args[i].equals(option) && i + 1 < args.length) {
                    values.add(args[i + 1]);
                } else if (args[i].startsWith(option + "=")) {
                    values.add(args[i].substring(option.length() + 1));
                }
            }
        }
        return new Secrets(values);
    }

    /** The message with user info masked and every quoted secret value replaced by {@code ***}. */
    String mask(String message) {
        if (message == null) {
            return null;
        }
        String masked = userInfo(message);
        for (String value : values) {
            if (!value.isEmpty()) {
                masked = masked.replace("'" + value + "'", "'***'");
            }
        }
        return masked;
    }

    /** The text with the user info of every URL in it replaced by {@code ***}. */
    static String userInfo(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1***@");
    }
}

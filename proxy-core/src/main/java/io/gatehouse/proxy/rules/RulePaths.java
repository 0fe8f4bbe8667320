package io.gatehouse.proxy.rules;

import java.util.Locale;

/**
 * The reading of a request path that path rules match: percent-decoded once, {@code \} as
 * {@code /}, {@code ;} parameters cut off each segment (as servlet containers do), lower case.
 */
final class RulePaths {

    private RulePaths() {
    }

    /** Decodes {@code %XX} escapes once (malformed ones stay as they are), turns {@code \} into {@code /}, drops {@code ;} parameters, lower-cases. */
    static String normalize(String rawPath) {
        boolean plain = rawPath.indexOf('%') < 0 && rawPath.indexOf('\\') < 0 && rawPath.indexOf(';') < 0;
        if (plain) {
            return rawPath.toLowerCase(Locale.ROOT);
        }
        StringBuilder out = new StringBuilder(rawPath.length());
        boolean inParameters = false;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%' && i + 2 < rawPath.length()) {
                int high = Character.digit(rawPath.charAt(i + 1), 16);
                int low = Character.digit(rawPath.charAt(i + 2), 16);
                if (high >= 0 && low >= 0) {
                    c = (char) (high << 4 | low);
                    i += 2;
                }
            }
            if (c == '\\') {
                c = '/';
            }
            if (c == '/') {
                inParameters = false;
            } else if (c == ';') {
                inParameters = true;
            }
            if (!inParameters) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}

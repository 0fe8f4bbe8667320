package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.http.RequestView;

/** Reads one cookie from the request's {@code Cookie} header lines (RFC 6265 §4.2.1, §5.4). */
final class Cookies {

    private Cookies() {
    }

    /** The value of the first cookie with this name (case-sensitive), without surrounding quotes; null when absent. */
    static String value(RequestView request, String name) {
        for (String line : request.headers("Cookie")) {
            int at = 0;
            int length = line.length();
            while (at < length) {
                int end = line.indexOf(';', at);
                if (end < 0) {
                    end = length;
                }
                int eq = line.indexOf('=', at);
                if (eq > 0 && eq < end) {
                    int nameStart = skipSpaces(line, at, eq);
                    int nameEnd = trimEnd(line, nameStart, eq);
                    if (nameEnd - nameStart == name.length() && line.regionMatches(nameStart, name, 0, name.length())) {
                        int valueStart = skipSpaces(line, eq + 1, end);
                        int valueEnd = trimEnd(line, valueStart, end);
                        if (valueEnd - valueStart >= 2 && line.charAt(valueStart) == '"' && line.charAt(valueEnd - 1) == '"') {
                            valueStart++;
                            valueEnd--;
                        }
                        return line.substring(valueStart, valueEnd);
                    }
                }
                at = end + 1;
            }
        }
        return null;
    }

    private static int skipSpaces(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }
}

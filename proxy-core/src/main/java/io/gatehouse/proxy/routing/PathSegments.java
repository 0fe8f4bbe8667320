package io.gatehouse.proxy.routing;

import java.util.ArrayList;
import java.util.List;

/** Splits a raw path into its segments: {@code /a/b} gives {@code a, b}; {@code /} gives none. */
final class PathSegments {

    private PathSegments() {
    }

    static List<String> split(String path) {
        List<String> segments = new ArrayList<>();
        if (path.isEmpty() || path.equals("/")) {
            return segments;
        }
        int start = path.charAt(0) == '/' ? 1 : 0;
        while (true) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                segments.add(path.substring(start));
                return segments;
            }
            segments.add(path.substring(start, slash));
            start = slash + 1;
        }
    }

    /**
     * Fills {@code starts} with the index in {@code path} where each segment starts and returns
     * the segment count; {@code starts} must have room for {@link #count(String)} entries.
     */
    static int starts(String path, int[] starts) {
        if (path.isEmpty() || path.equals("/")) {
            return 0;
        }
        int n = 0;
        int start = path.charAt(0) == '/' ? 1 : 0;
        starts[n++] = start;
        for (int i = start; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                starts[n++] = i + 1;
            }
        }
        return n;
    }

    static int count(String path) {
        if (path.isEmpty() || path.equals("/")) {
            return 0;
        }
        int n = 1;
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    /** The segment {@code i} of {@code path}, given the starts computed by {@link #starts}. */
    static String segment(String path, int[] starts, int count, int i) {
        int end = i + 1 < count ? starts[i + 1] - 1 : path.length();
        return path.substring(starts[i], end);
    }
}

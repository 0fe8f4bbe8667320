package io.gatehouse.proxy.config;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean" for a mistyped key: the known key closest in edit distance, when it is close
 * enough to be a typo, else the known keys that contain it ({@code timeout}: {@code connectTimeout}...).
 * Thirty lines, so written here rather than taken from a library (ADR 0013).
 */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * "; did you mean 'x'?" (or "'x', 'y' or 'z'") for a typed key, or the empty string when no
     * known key is close.
     */
    static String didYouMean(String typed, Collection<String> known) {
        String closest = closest(typed, known);
        if (closest != null) {
            return "; did you mean '" + closest + "'?";
        }
        java.util.List<String> containing = new java.util.ArrayList<>();
        String lower = typed.toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            if (lower.length() >= 4 && candidate.toLowerCase(Locale.ROOT).contains(lower)) {
                containing.add("'" + candidate + "'");
            }
        }
        if (containing.isEmpty() || containing.size() > 3) {
            return "";
        }
        String last = containing.remove(containing.size() - 1);
        return "; did you mean " + (containing.isEmpty() ? last : String.join(", ", containing) + " or " + last) + "?";
    }

    /** The closest known key within a third of its length (at least 2 edits), or null. */
    static String closest(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = typed.toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, best.length() / 3) ? best : null;
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

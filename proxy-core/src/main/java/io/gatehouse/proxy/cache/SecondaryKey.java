package io.gatehouse.proxy.cache;

import io.gatehouse.proxy.http.RequestView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Secondary cache keys (RFC 9111 §4.1): the names a response lists in {@code Vary} (plus the
 * policy's key headers) and the request's normalised values of those fields.
 */
final class SecondaryKey {

    /** A {@code Vary} of {@code *}: the response never matches another request (§4.1). */
    static final List<String> STAR = List.of("*");

    private SecondaryKey() {
    }

    /**
     * The lower-case field names of every {@code Vary} line, followed by the policy's key
     * headers not already listed; {@link #STAR} when any member is {@code *}; empty for none.
     */
    static List<String> fields(List<String> varyLines, java.util.Set<String> keyRequestHeaders) {
        if (varyLines.isEmpty() && keyRequestHeaders.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String line : varyLines) {
            for (String part : line.split(",")) {
                String name = part.trim().toLowerCase(Locale.ROOT);
                if (name.equals("*")) {
                    return STAR;
                }
                if (!name.isEmpty() && !names.contains(name)) {
                    names.add(name);
                }
            }
        }
        for (String name : keyRequestHeaders) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /** The request's normalised values of these fields, one per field; null for an absent field. */
    static String[] values(RequestView request, List<String> fields) {
        String[] values = new String[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = normalise(fields.get(i), request.headers(fields.get(i)));
        }
        return values;
    }

    /** Whether the request's values of these fields equal the stored ones (§4.1). */
    static boolean matches(RequestView request, List<String> fields, String[] stored) {
        for (int i = 0; i < stored.length; i++) {
            if (!sameValue(fields.get(i), request.headers(fields.get(i)), stored[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code normalise(field, lines)} would equal {@code stored}, member by member,
     * without building the normalised string (lookups do this for every stored variant).
     */
    static boolean sameValue(String field, List<String> lines, String stored) {
        if (lines.isEmpty() || stored == null) {
            return lines.isEmpty() && stored == null;
        }
        boolean ignoreCase = field.equals("accept-encoding");
        int sp = 0;
        boolean first = true;
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            int n = line.length();
            int i = 0;
            while (i <= n) {
                int end = line.indexOf(',', i);
                if (end < 0) {
                    end = n;
                }
                int ms = i;
                while (ms < end && isSpace(line.charAt(ms))) {
                    ms++;
                }
                int me = end;
                while (me > ms && isSpace(line.charAt(me - 1))) {
                    me--;
                }
                int len = me - ms;
                if (len > 0) {
                    if (!first) {
                        if (sp >= stored.length() || stored.charAt(sp) != ',') {
                            return false;
                        }
                        sp++;
                    }
                    if (sp + len > stored.length() || !stored.regionMatches(ignoreCase, sp, line, ms, len)) {
                        return false;
                    }
                    sp += len;
                    first = false;
                }
                i = end + 1;
            }
        }
        return sp == stored.length();
    }

    /**
     * §4.1 normalisation: the field lines combined, whitespace around commas removed; lower
     * case for fields whose values are case-insensitive tokens ({@code Accept-Encoding}).
     */
    static String normalise(String field, List<String> lines) {
        if (lines.isEmpty()) {
            return null;
        }
        if (lines.size() == 1 && normalised(lines.get(0))) {
            String value = lines.get(0);
            return field.equals("accept-encoding") ? value.toLowerCase(Locale.ROOT) : value;
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            for (String part : line.split(",")) {
                String member = part.trim();
                if (member.isEmpty()) {
                    continue;
                }
                if (out.length() > 0) {
                    out.append(',');
                }
                out.append(member);
            }
        }
        String value = out.toString();
        return field.equals("accept-encoding") ? value.toLowerCase(Locale.ROOT) : value;
    }

    /** Whether a single line is already in normal form: no empty members, no whitespace around commas or at the ends. */
    private static boolean normalised(String line) {
        int n = line.length();
        if (n == 0 || isSpace(line.charAt(0)) || isSpace(line.charAt(n - 1)) || line.charAt(0) == ','
                || line.charAt(n - 1) == ',') {
            return false;
        }
        for (int i = 1; i < n - 1; i++) {
            if (line.charAt(i) == ',' && (isSpace(line.charAt(i - 1)) || isSpace(line.charAt(i + 1))
                    || line.charAt(i + 1) == ',')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** A readable form, e.g. {@code accept-encoding=gzip; accept-language=<absent>}. */
    static String describe(List<String> fields, String[] values) {
        if (fields.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append("; ");
            }
            out.append(fields.get(i)).append('=').append(values[i] == null ? "<absent>" : values[i]);
        }
        return out.toString();
    }
}

package io.gatehouse.proxy.cache;

import io.gatehouse.proxy.http.HeaderValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a targeted cache-control field such as {@code CDN-Cache-Control} (RFC 9213 §2.1): an
 * RFC 8941 Dictionary whose members are cache directives. A value that does not parse as a
 * Dictionary makes the whole field invalid (it is then ignored, as if absent); parameters and
 * unknown directives are ignored.
 *
 * <p>Member values map onto the {@code Cache-Control} arguments of the same directives: an
 * Integer is a delta-seconds ({@code max-age=60}; a negative or fractional one is invalid, as in
 * {@code Cache-Control}); the Boolean true ({@code no-store}, i.e. {@code no-store=?1}) is the
 * directive without argument and false ({@code ?0}) leaves the directive out; a String or Token
 * is the argument as written (e.g. the field names of {@code private="x-user"}); an Inner List of
 * Strings or Tokens is a list of field names.
 */
final class TargetedCacheControl {

    /** The parsed members, in order; null when the field is invalid. */
    private final Map<String, String> members;
    private final String value;
    private int i;

    private TargetedCacheControl(String value) {
        this.value = value;
        this.members = parseDictionary();
    }

    /**
     * The directives of a targeted field's lines (combined with {@code ", "}, RFC 8941 §4.2), or
     * null when the field is absent, empty or not a valid Dictionary.
     */
    static CacheControl parse(List<String> lines) {
        if (lines.isEmpty()) {
            return null;
        }
        String combined = String.join(", ", lines);
        if (combined.isBlank()) {
            return null;
        }
        Map<String, String> members = new TargetedCacheControl(combined).members;
        if (members == null || members.isEmpty()) {
            return null;
        }
        return CacheControl.fromDirectives(members);
    }

    /** RFC 8941 §4.2.2 (directives whose value is false are left out: the map holds name to argument, null for none). */
    private Map<String, String> parseDictionary() {
        Map<String, String> out = new LinkedHashMap<>();
        skipSpaces();
        while (i < value.length()) {
            String key = key();
            if (key == null) {
                return null;
            }
            String argument = null;
            boolean present = true;
            if (peek() == '=') {
                i++;
                Object item = peek() == '(' ? innerList() : bareItem();
                if (item == null || !parameters()) {
                    return null;
                }
                if (item instanceof Boolean b) {
                    present = b;
                } else {
                    argument = item.toString();
                }
            } else if (!parameters()) {
                return null;
            }
            // RFC 8941 §4.2.2: a later member of the same name overwrites an earlier one
            out.remove(key);
            if (present) {
                out.put(key, argument);
            }
            skipOws();
            if (i >= value.length()) {
                return out;
            }
            if (value.charAt(i) != ',') {
                return null;
            }
            i++;
            skipOws();
            if (i >= value.length()) {
                return null; // a trailing comma
            }
        }
        return out;
    }

    /** §4.2.3.3: lcalpha or {@code *}, then lcalpha, digits, {@code _-.*}. */
    private String key() {
        int start = i;
        if (i >= value.length() || !(lcalpha(value.charAt(i)) || value.charAt(i) == '*')) {
            return null;
        }
        i++;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (!(lcalpha(c) || digit(c) || c == '_' || c == '-' || c == '.' || c == '*')) {
                break;
            }
            i++;
        }
        return value.substring(start, i);
    }

    /** §4.2.3.2: parameters are checked for syntax and otherwise ignored. */
    private boolean parameters() {
        while (peek() == ';') {
            i++;
            while (peek() == ' ') {
                i++;
            }
            if (key() == null) {
                return false;
            }
            if (peek() == '=') {
                i++;
                if (bareItem() == null) {
                    return false;
                }
            }
        }
        return true;
    }

    /** §4.2.1.2: an Inner List; its Strings and Tokens become a comma-separated list of field names. */
    private Object innerList() {
        i++; // (
        StringBuilder names = new StringBuilder();
        while (i < value.length()) {
            while (peek() == ' ') {
                i++;
            }
            if (peek() == ')') {
                i++;
                return names.toString();
            }
            Object item = bareItem();
            if (item == null || !parameters()) {
                return null;
            }
            if (item instanceof String s) {
                names.append(names.length() == 0 ? "" : ",").append(s);
            }
            char c = peek();
            if (c != ' ' && c != ')') {
                return null;
            }
        }
        return null;
    }

    /** §4.2.3.1: Integer or Decimal (as text), String, Token, Byte Sequence (as text) or Boolean; null when invalid. */
    private Object bareItem() {
        char c = peek();
        if (c == '-' || digit(c)) {
            return number();
        }
        if (c == '"') {
            return string();
        }
        if (c == '*' || alpha(c)) {
            int start = i++;
            while (i < value.length() && (HeaderValues.isTchar(value.charAt(i)) || value.charAt(i) == ':' || value.charAt(i) == '/')) {
                i++;
            }
            return value.substring(start, i);
        }
        if (c == ':') {
            int end = value.indexOf(':', i + 1);
            if (end < 0) {
                return null;
            }
            for (int k = i + 1; k < end; k++) {
                char b = value.charAt(k);
                if (!(alpha(b) || digit(b) || b == '+' || b == '/' || b == '=')) {
                    return null;
                }
            }
            String bytes = value.substring(i, end + 1);
            i = end + 1;
            return bytes;
        }
        if (c == '?') {
            i++;
            char b = peek();
            if (b == '0' || b == '1') {
                i++;
                return b == '1';
            }
            return null;
        }
        return null;
    }

    /** §4.2.4: at most 15 integer digits, or 12 before and 1-3 after a decimal point. */
    private String number() {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        int digits = 0;
        while (i < value.length() && digit(value.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0 || digits > 15) {
            return null;
        }
        if (peek() == '.') {
            if (digits > 12) {
                return null;
            }
            i++;
            int fraction = 0;
            while (i < value.length() && digit(value.charAt(i))) {
                i++;
                fraction++;
            }
            if (fraction == 0 || fraction > 3) {
                return null;
            }
        }
        return value.substring(start, i);
    }

    /** §4.2.5: printable ASCII, with {@code \"} and {@code \\} the only escapes. */
    private String string() {
        StringBuilder out = new StringBuilder();
        i++;
        while (i < value.length()) {
            char c = value.charAt(i++);
            if (c == '\\') {
                if (i >= value.length()) {
                    return null;
                }
                char next = value.charAt(i++);
                if (next != '"' && next != '\\') {
                    return null;
                }
                out.append(next);
            } else if (c == '"') {
                return out.toString();
            } else if (c < 0x20 || c > 0x7e) {
                return null;
            } else {
                out.append(c);
            }
        }
        return null;
    }

    private char peek() {
        return i < value.length() ? value.charAt(i) : '\0';
    }

    private void skipSpaces() {
        while (peek() == ' ') {
            i++;
        }
    }

    private void skipOws() {
        while (peek() == ' ' || peek() == '\t') {
            i++;
        }
    }

    private static boolean lcalpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean alpha(char c) {
        return lcalpha(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}

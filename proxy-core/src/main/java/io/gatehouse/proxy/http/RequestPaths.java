package io.gatehouse.proxy.http;

/** Raw request-path arithmetic shared by adapters: dot segments and mount prefixes. */
public final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * Removes {@code .} and {@code ..} segments from a raw path (RFC 3986 §5.2.4), so that the
     * path routed on is the path forwarded: {@code /api/users/../admin} becomes
     * {@code /api/admin}. A {@code ..} above the root is dropped.
     */
    public static String removeDotSegments(String path) {
        if (path.indexOf("/.") < 0) {
            return path;
        }
        String[] segments = path.split("/", -1);
        StringBuilder out = new StringBuilder(path.length());
        java.util.ArrayDeque<String> kept = new java.util.ArrayDeque<>();
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                if (last) {
                    kept.addLast("");
                }
            } else if (segment.equals("..")) {
                kept.pollLast();
                if (last) {
                    kept.addLast("");
                }
            } else {
                kept.addLast(segment);
            }
        }
        for (String segment : kept) {
            out.append('/').append(segment);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /**
     * The length of the raw path's part that spells the decoded mount prefix: the prefix's
     * length when the raw path starts with it, else as many raw segments as the prefix has.
     */
    public static int rawPrefixLength(String rawPath, String decodedPrefix) {
        if (decodedPrefix.isEmpty()) {
            return 0;
        }
        if (rawPath.startsWith(decodedPrefix)
                && (rawPath.length() == decodedPrefix.length() || rawPath.charAt(decodedPrefix.length()) == '/')) {
            return decodedPrefix.length();
        }
        int segments = 0;
        for (int i = 0; i < decodedPrefix.length(); i++) {
            if (decodedPrefix.charAt(i) == '/') {
                segments++;
            }
        }
        int index = 0;
        for (int seen = 0; seen < segments; seen++) {
            int next = rawPath.indexOf('/', index + 1);
            if (next < 0) {
                return rawPath.length();
            }
            index = next;
        }
        return index;
    }
}

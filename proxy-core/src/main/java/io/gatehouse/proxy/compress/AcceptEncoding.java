package io.gatehouse.proxy.compress;

import java.util.List;

/**
 * The client's {@code Accept-Encoding} (RFC 9110 §12.5.3) with q-values: which of the codings
 * we can produce it accepts, and which it prefers. Scans the field without splitting it.
 */
final class AcceptEncoding {

    private AcceptEncoding() {
    }

    /**
     * The coding to use among {@code offered} (in the server's order of preference, which
     * breaks ties), or null when the client accepts none of them. No {@code Accept-Encoding}
     * at all means no compression: RFC 9110 §12.5.3 would allow any coding, but clients that
     * send none rarely decode any.
     */
    static ContentCoding choose(List<String> lines, List<ContentCoding> offered) {
        if (lines.isEmpty() || offered.isEmpty()) {
            return null;
        }
        ContentCoding best = null;
        double bestQ = 0;
        for (int i = 0; i < offered.size(); i++) {
            ContentCoding coding = offered.get(i);
            double q = quality(lines, coding);
            if (q > bestQ) {
                best = coding;
                bestQ = q;
            }
        }
        return best;
    }

    /**
     * The q-value the client gives a coding: its own member's, else that of {@code *}, else 0.
     * {@code x-gzip} counts as {@code gzip}.
     */
    static double quality(List<String> lines, ContentCoding coding) {
        double star = -1;
        double own = -1;
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            int n = line.length();
            int i = 0;
            while (i < n) {
                int end = line.indexOf(',', i);
                if (end < 0) {
                    end = n;
                }
                int semi = line.indexOf(';', i);
                int tokenEnd = semi >= 0 && semi < end ? semi : end;
                int ts = skipSpace(line, i, tokenEnd);
                int te = trimEnd(line, ts, tokenEnd);
                if (te > ts) {
                    double q = tokenEnd < end ? qValue(line.substring(tokenEnd + 1, end)) : 1.0;
                    if (te - ts == 1 && line.charAt(ts) == '*') {
                        star = Math.max(star, q);
                    } else if (is(line, ts, te, coding)) {
                        own = Math.max(own, q);
                    }
                }
                i = end + 1;
            }
        }
        return own >= 0 ? own : Math.max(star, 0);
    }

    private static boolean is(String line, int start, int end, ContentCoding coding) {
        int len = end - start;
        if (coding == ContentCoding.GZIP && len == 6) {
            return line.regionMatches(true, start, "x-gzip", 0, 6);
        }
        String token = coding.token();
        return len == token.length() && line.regionMatches(true, start, token, 0, len);
    }

    private static int skipSpace(String s, int from, int to) {
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

    /** RFC 9110 §12.4.2 weight: {@code q=} with 0 to 1 and up to three decimals; anything else is 0. */
    static double qValue(String params) {
        for (String param : params.split(";")) {
            String p = param.trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(p.substring(2).trim());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1.0;
    }
}

package io.gatehouse.proxy.compress;

import java.util.List;
import java.util.Locale;

/**
 * The client's {@code Accept-Encoding} (RFC 9110 §12.5.3) with q-values: which of the codings
 * we can produce it accepts, and which it prefers.
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
        for (ContentCoding coding : offered) {
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
        for (String line : lines) {
            for (String member : line.split(",")) {
                int semi = member.indexOf(';');
                String token = (semi < 0 ? member : member.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
                if (token.isEmpty()) {
                    continue;
                }
                double q = semi < 0 ? 1.0 : qValue(member.substring(semi + 1));
                if (token.equals("*")) {
                    star = Math.max(star, q);
                } else if (ContentCoding.of(token) == coding) {
                    own = Math.max(own, q);
                }
            }
        }
        return own >= 0 ? own : Math.max(star, 0);
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

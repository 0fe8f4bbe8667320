package io.gatehouse.proxy.access;

import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import java.util.Locale;

/** Reading the credentials of the {@code Authorization} header (RFC 9110 §11.6.2). */
final class Credentials {

    private Credentials() {
    }

    /**
     * The token68 / credentials after {@code scheme} in the single {@code Authorization} header,
     * the scheme matched case-insensitively (RFC 9110 §11.1); null when the header is absent,
     * has another scheme, or is sent several times (ambiguous: the proxy and the upstream could
     * read different ones).
     */
    static String authorization(RequestView request, String scheme) {
        List<String> values = request.headers("Authorization");
        if (values.size() != 1) {
            return null;
        }
        String value = values.get(0).trim();
        if (value.length() <= scheme.length() || !value.regionMatches(true, 0, scheme, 0, scheme.length())
                || value.charAt(scheme.length()) != ' ') {
            return null;
        }
        String credentials = value.substring(scheme.length() + 1).trim();
        return credentials.isEmpty() ? null : credentials;
    }

    /** Whether the request sent {@code Authorization} at all. */
    static boolean hasAuthorization(RequestView request) {
        return request.header("Authorization") != null;
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}

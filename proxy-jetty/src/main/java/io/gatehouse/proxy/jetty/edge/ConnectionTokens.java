package io.gatehouse.proxy.jetty.edge;

import io.gatehouse.proxy.http.HopByHop;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The header names a message's {@code Connection} header lists ({@link HopByHop#connectionTokens},
 * RFC 9110 §7.6.1), read from Jetty's fields without a list per message: most messages have no
 * {@code Connection} header or one saying {@code keep-alive} or {@code close}.
 */
public final class ConnectionTokens {

    private ConnectionTokens() {
    }

    public static Set<String> of(HttpFields fields) {
        HttpField first = null;
        List<String> more = null;
        for (int i = 0, n = fields.size(); i < n; i++) {
            HttpField field = fields.getField(i);
            if (field.getHeader() != HttpHeader.CONNECTION) {
                continue;
            }
            if (first == null) {
                first = field;
            } else {
                if (more == null) {
                    more = new ArrayList<>(2);
                    more.add(first.getValue());
                }
                more.add(field.getValue());
            }
        }
        if (first == null) {
            return Set.of();
        }
        return more == null ? HopByHop.connectionTokens(first.getValue()) : HopByHop.connectionTokens(more);
    }

    /**
     * Whether {@code tokens} can change what happens to a header Jetty knows by name: only when one
     * of them names such a header that is not hop-by-hop anyway (a {@code Connection: keep-alive}
     * or {@code close} cannot).
     */
    static boolean nameKnownHeaders(Set<String> tokens) {
        if (tokens.isEmpty()) {
            return false;
        }
        for (String token : tokens) {
            if (!HopByHop.HEADERS.contains(token) && HttpHeader.CACHE.get(token) != null) {
                return true;
            }
        }
        return false;
    }
}

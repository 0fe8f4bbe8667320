package io.gatehouse.proxy.jetty.edge;

import io.gatehouse.proxy.forward.ProxyHeaders;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * This proxy's {@code Via} field when there is no chain to append to (RFC 9110 §7.6.3, e.g.
 * {@code Via: 1.1 gatehouse}): made once per pseudonym for every HTTP version, pre-encoded, instead
 * of a new string and field per message.
 */
public final class ViaField {

    /** The fields of the pseudonym used last (one configuration has one pseudonym). */
    private static volatile ViaField last;

    private final String pseudonym;
    private final HttpField[] byVersion;

    private ViaField(String pseudonym) {
        this.pseudonym = pseudonym;
        HttpVersion[] versions = HttpVersion.values();
        this.byVersion = new HttpField[versions.length];
        for (HttpVersion version : versions) {
            byVersion[version.ordinal()] = new PreEncodedHttpField(HttpHeader.VIA,
                    ProxyHeaders.appendVia(List.of(), version.asString(), pseudonym));
        }
    }

    /** {@code Via: <version> <pseudonym>}, the same as {@code ProxyHeaders.appendVia} with no chain. */
    public static HttpField of(HttpVersion version, String pseudonym) {
        ViaField fields = last;
        if (fields == null || !fields.pseudonym.equals(pseudonym)) {
            fields = new ViaField(pseudonym);
            last = fields;
        }
        return fields.byVersion[version.ordinal()];
    }
}

package io.gatehouse.proxy.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to its addresses. May block (it is called on a background thread, never
 * on a request's); must be thread-safe.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * The addresses of {@code host} now.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /**
     * The JDK's resolver ({@link InetAddress#getAllByName}). The JDK caches answers for
     * {@code networkaddress.cache.ttl} seconds (30 by default), whatever the records' TTL, so an
     * interval shorter than that sees the cached answer.
     */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}

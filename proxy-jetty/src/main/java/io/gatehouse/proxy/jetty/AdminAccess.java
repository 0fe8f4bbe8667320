package io.gatehouse.proxy.jetty;

import io.gatehouse.proxy.access.CidrSet;
import io.gatehouse.proxy.access.ClientAddressResolver;
import io.gatehouse.proxy.access.ForwardedHeader;
import io.gatehouse.proxy.access.IpAccessList;
import java.util.Objects;

/**
 * Who may use the admin API and see the status page ({@link AdminMount}): an allow list of
 * address ranges, checked against the client address, which is the socket peer unless the peer
 * is a trusted forwarder (then the address it forwarded for, as the proxy's own edge finds it).
 * The core's CIDR and client-address classes do the work. Immutable.
 *
 * <pre>{@code
 * AdminAccess.loopbackOnly()                                  // the default: 127.0.0.0/8 and ::1
 * AdminAccess.allow("10.0.0.0/8", "127.0.0.1")                // an operations network too
 * AdminAccess.allow("10.0.0.0/8").trustingForwarders("10.1.0.5") // behind a reverse proxy at 10.1.0.5
 * }</pre>
 */
public final class AdminAccess {

    private static final CidrSet LOOPBACK = CidrSet.of("127.0.0.0/8", "::1/128");

    private final IpAccessList allowed;
    private final ClientAddressResolver clients;
    private final boolean localNamesOnly;

    private AdminAccess(IpAccessList allowed, ClientAddressResolver clients, boolean localNamesOnly) {
        this.allowed = allowed;
        this.clients = clients;
        this.localNamesOnly = localNamesOnly;
    }

    /**
     * Clients on this machine only (127.0.0.0/8 and ::1), seen as socket peers: the default. The
     * request must also name the server by a loopback address or {@code localhost} in its
     * {@code Host}: a page whose own name was made to resolve to 127.0.0.1 (DNS rebinding) would
     * otherwise read the API from the operator's browser.
     */
    public static AdminAccess loopbackOnly() {
        return new AdminAccess(IpAccessList.of(LOOPBACK, CidrSet.empty()), ClientAddressResolver.socketPeerOnly(), true);
    }

    /**
     * Clients in these ranges only (loopback is not added: name it if it should stay allowed).
     *
     * @param cidrs addresses or ranges, e.g. {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1}
     * @throws IllegalArgumentException naming the value when one is not an address or range, or when none is given
     */
    public static AdminAccess allow(String... cidrs) {
        Objects.requireNonNull(cidrs, "cidrs");
        if (cidrs.length == 0) {
            throw new IllegalArgumentException("cidrs: none (expected: at least one address or range, e.g. 127.0.0.1)");
        }
        return new AdminAccess(IpAccessList.of(CidrSet.of(cidrs), CidrSet.empty()), ClientAddressResolver.socketPeerOnly(),
                false);
    }

    /**
     * The same allow list, checked against the address that these forwarders name in
     * {@code X-Forwarded-For} when the request comes from one of them (the right-most untrusted
     * address, as the proxy's edge does); from anyone else the header is ignored.
     *
     * @param cidrs the forwarders' addresses or ranges
     */
    public AdminAccess trustingForwarders(String... cidrs) {
        return trustingForwarders(ForwardedHeader.X_FORWARDED_FOR, cidrs);
    }

    /** Like {@link #trustingForwarders(String...)}, reading {@code header} ({@code Forwarded} or {@code X-Forwarded-For}). */
    public AdminAccess trustingForwarders(ForwardedHeader header, String... cidrs) {
        Objects.requireNonNull(cidrs, "cidrs");
        return new AdminAccess(allowed, ClientAddressResolver.of(CidrSet.of(cidrs), header), localNamesOnly);
    }

    IpAccessList allowed() {
        return allowed;
    }

    ClientAddressResolver clients() {
        return clients;
    }

    /** Whether the {@code Host} must be {@code localhost} or a loopback address (only with {@link #loopbackOnly()}). */
    boolean localNamesOnly() {
        return localNamesOnly;
    }

    @Override
    public String toString() {
        return "AdminAccess[allow " + allowed.allow() + (clients.trustedProxies().isEmpty() ? ""
                : ", forwarded by " + clients.trustedProxies()) + "]";
    }
}

package io.gatehouse.proxy.access;

import java.util.Objects;

/**
 * Allow and deny lists of address ranges: an address is refused when it is in the deny list, or
 * when the allow list is not empty and does not hold it. A client whose address is not an IP
 * literal is refused by any non-empty allow list and passes a deny list. Immutable.
 */
public final class IpAccessList {

    private static final IpAccessList OPEN = new IpAccessList(CidrSet.empty(), CidrSet.empty());

    private final CidrSet allow;
    private final CidrSet deny;

    private IpAccessList(CidrSet allow, CidrSet deny) {
        this.allow = allow;
        this.deny = deny;
    }

    /** The list that refuses nobody. */
    public static IpAccessList open() {
        return OPEN;
    }

    /** Lists from allowed and denied ranges (either may be empty). */
    public static IpAccessList of(CidrSet allow, CidrSet deny) {
        Objects.requireNonNull(allow, "allow");
        Objects.requireNonNull(deny, "deny");
        return allow.isEmpty() && deny.isEmpty() ? OPEN : new IpAccessList(allow, deny);
    }

    /** Whether the list refuses nobody. */
    public boolean isOpen() {
        return allow.isEmpty() && deny.isEmpty();
    }

    /** Whether a client address (null: not an IP literal) may pass. */
    public boolean permits(IpAddress address) {
        if (address == null) {
            return allow.isEmpty();
        }
        return !deny.contains(address) && (allow.isEmpty() || allow.contains(address));
    }

    /** The allowed ranges; empty means every address not denied. */
    public CidrSet allow() {
        return allow;
    }

    /** The denied ranges. */
    public CidrSet deny() {
        return deny;
    }

    @Override
    public String toString() {
        return isOpen() ? "open" : "allow " + allow + " deny " + deny;
    }
}

package io.gatehouse.proxy.access;

/**
 * An IPv4 or IPv6 address range in CIDR notation, e.g. {@code 10.0.0.0/8},
 * {@code 2001:db8::/32}, or a single address ({@code 192.0.2.7} is {@code 192.0.2.7/32}).
 * Immutable.
 *
 * <p>Parsing is strict: the address part must have no bits set after the prefix
 * ({@code 10.0.0.1/8} is refused with the network to write instead), so that a typo cannot
 * silently widen or narrow a rule. An IPv4-mapped IPv6 range with a prefix of 96 or more
 * ({@code ::ffff:10.0.0.0/104}) is the IPv4 range it maps ({@code 10.0.0.0/8}).
 */
public final class Cidr {

    private final IpAddress network;
    private final int prefixLength;

    private Cidr(IpAddress network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses CIDR notation or a single address.
     *
     * @throws IllegalArgumentException with a message that names the value and the expected form
     */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("cidr: null (expected: e.g. 10.0.0.0/8 or 2001:db8::/32)");
        }
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        IpAddress address = IpAddress.tryParse(addressPart);
        if (address == null) {
            throw new IllegalArgumentException("cidr: '" + text + "' is not an IP range (expected: an IPv4 or IPv6 address"
                    + " with an optional /prefix, e.g. 10.0.0.0/8, 192.0.2.7 or 2001:db8::/32)");
        }
        boolean mapped = address.isIpv4() && addressPart.indexOf(':') >= 0;
        int written = mapped ? 128 : address.bitLength();
        int prefix = written;
        if (slash >= 0) {
            String digits = trimmed.substring(slash + 1);
            prefix = digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                    ? -1 : Integer.parseInt(digits);
            if (prefix < 0 || prefix > written) {
                throw new IllegalArgumentException("cidr: '" + text + "' has prefix length '" + digits
                        + "' (expected: 0-" + written + ")");
            }
        }
        if (mapped) {
            if (prefix < 96) {
                throw new IllegalArgumentException("cidr: '" + text + "' covers more than the IPv4-mapped range"
                        + " (expected: a prefix of 96 or more, or the IPv4 form, e.g. " + address + "/" + Math.max(0, prefix - 96) + ")");
            }
            prefix -= 96;
        }
        IpAddress network = address.mask(prefix);
        if (!network.equals(address)) {
            throw new IllegalArgumentException("cidr: '" + text + "' has bits set after the /" + (mapped ? prefix + 96 : prefix)
                    + " prefix (expected: the network address, " + network + "/" + prefix + ")");
        }
        return new Cidr(network, prefix);
    }

    /** Whether the address is in this range; an IPv4 range never holds an IPv6 address, nor the reverse. */
    public boolean contains(IpAddress address) {
        if (address.isIpv4() != network.isIpv4()) {
            return false;
        }
        return address.mask(prefixLength).equals(network);
    }

    /** Whether the address literal is in this range; false when it is not an address. */
    public boolean contains(String address) {
        IpAddress parsed = IpAddress.tryParse(address);
        return parsed != null && contains(parsed);
    }

    /** The first address of the range. */
    public IpAddress network() {
        return network;
    }

    /** The prefix length: 0-32 for IPv4, 0-128 for IPv6. */
    public int prefixLength() {
        return prefixLength;
    }

    /** The last address of the range, as (high, low) bits like {@link IpAddress}. */
    long lastHigh() {
        return network.isIpv4() ? 0 : network.high() | ~IpAddress.highMask(prefixLength);
    }

    long lastLow() {
        return network.isIpv4() ? network.low() | (~IpAddress.v4Mask(prefixLength) & 0xffffffffL)
                : network.low() | ~IpAddress.lowMask(prefixLength);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefixLength == that.prefixLength && network.equals(that.network);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 31 + prefixLength;
    }

    /** Canonical CIDR text, e.g. {@code 10.0.0.0/8}, {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}

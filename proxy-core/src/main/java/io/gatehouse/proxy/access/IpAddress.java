package io.gatehouse.proxy.access;

/**
 * An IPv4 or IPv6 address parsed from its literal, never through DNS. IPv4-mapped IPv6
 * addresses ({@code ::ffff:192.0.2.1}) are the IPv4 address they map, so a rule written for
 * {@code 192.0.2.0/24} holds on a dual-stack socket too. Immutable.
 *
 * <p>Parsing is strict: dotted-quad IPv4 with decimal octets and no leading zeros
 * ({@code 010.0.0.1} is refused, since some parsers read it as octal), IPv6 as in RFC 4291
 * §2.2 (with {@code ::}, an embedded IPv4 tail, an optional {@code [..]} and an optional
 * {@code %zone}, which is dropped). {@link #toString()} is the canonical text: dotted quad, or
 * RFC 5952 for IPv6.
 */
public final class IpAddress {

    private final boolean ipv4;
    private final long high;
    private final long low;

    private IpAddress(boolean ipv4, long high, long low) {
        this.ipv4 = ipv4;
        this.high = high;
        this.low = low;
    }

    /**
     * Parses an address literal.
     *
     * @throws IllegalArgumentException when the text is not an IPv4 or IPv6 literal
     */
    public static IpAddress parse(String text) {
        IpAddress address = tryParse(text);
        if (address == null) {
            throw new IllegalArgumentException("address: '" + text
                    + "' is not an IP address (expected: an IPv4 or IPv6 literal such as 192.0.2.1 or 2001:db8::1)");
        }
        return address;
    }

    /** Parses an address literal; null when the text is not one. */
    public static IpAddress tryParse(String text) {
        return text == null ? null : tryParse(text, 0, text.length());
    }

    /** Parses {@code text[from, to)} as an address literal; null when it is not one. */
    static IpAddress tryParse(String text, int from, int to) {
        if (to - from >= 2 && text.charAt(from) == '[' && text.charAt(to - 1) == ']') {
            from++;
            to--;
            if (text.indexOf(':', from) < 0 || text.indexOf(':', from) >= to) {
                return null;
            }
        }
        if (from >= to) {
            return null;
        }
        int colon = text.indexOf(':', from);
        if (colon < 0 || colon >= to) {
            long v4 = parseIpv4(text, from, to);
            return v4 < 0 ? null : new IpAddress(true, 0, v4);
        }
        int zone = text.indexOf('%', from);
        if (zone >= 0 && zone < to) {
            if (zone == to - 1) {
                return null;
            }
            to = zone;
        }
        return parseIpv6(text, from, to);
    }

    /** Whether this is an IPv4 address (including one written IPv4-mapped). */
    public boolean isIpv4() {
        return ipv4;
    }

    /** 32 for IPv4, 128 for IPv6. */
    public int bitLength() {
        return ipv4 ? 32 : 128;
    }

    /** The address with all but the first {@code prefixLength} bits cleared: its network. */
    public IpAddress mask(int prefixLength) {
        if (prefixLength < 0 || prefixLength > bitLength()) {
            throw new IllegalArgumentException("prefixLength: " + prefixLength + " (expected: 0-" + bitLength() + ")");
        }
        if (ipv4) {
            return new IpAddress(true, 0, low & v4Mask(prefixLength));
        }
        return new IpAddress(false, high & highMask(prefixLength), low & lowMask(prefixLength));
    }

    /** The top 64 bits (IPv6) or 0 (IPv4). */
    long high() {
        return high;
    }

    /** The low 64 bits (IPv6) or the 32-bit address as an unsigned value (IPv4). */
    long low() {
        return low;
    }

    static long v4Mask(int prefixLength) {
        return prefixLength == 0 ? 0 : (0xffffffffL << (32 - prefixLength)) & 0xffffffffL;
    }

    static long highMask(int prefixLength) {
        return prefixLength == 0 ? 0 : prefixLength >= 64 ? -1L : -1L << (64 - prefixLength);
    }

    static long lowMask(int prefixLength) {
        return prefixLength <= 64 ? 0 : prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
    }

    /** The unsigned 32-bit value of {@code text[from, to)} as a dotted quad, or -1. */
    static long parseIpv4(String text, int from, int to) {
        long value = 0;
        int octets = 0;
        int i = from;
        while (octets < 4) {
            int start = i;
            int octet = 0;
            while (i < to && i - start < 4) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                octet = octet * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || octet > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            value = value << 8 | octet;
            octets++;
            if (octets < 4) {
                if (i >= to || text.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? value : -1;
    }

    private static IpAddress parseIpv6(String text, int from, int to) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = from;
        if (text.charAt(i) == ':') {
            if (i + 1 >= to || text.charAt(i + 1) != ':') {
                return null;
            }
            gap = 0;
            i += 2;
        }
        while (i < to) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int group = 0;
            while (i < to && i - start < 5) {
                int digit = Character.digit(text.charAt(i), 16);
                if (digit < 0 || text.charAt(i) > 'f') {
                    break;
                }
                group = group << 4 | digit;
                i++;
            }
            if (i < to && text.charAt(i) == '.') {
                if (count > 6) {
                    return null;
                }
                long v4 = parseIpv4(text, start, to);
                if (v4 < 0) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = to;
                break;
            }
            if (i == start || i - start > 4) {
                return null;
            }
            groups[count++] = group;
            if (i == to) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i == to) {
                return null;
            }
            if (text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
            }
        }
        if (gap < 0 ? count != 8 : count == 8) {
            return null;
        }
        long high = 0;
        long low = 0;
        int zeros = 8 - count;
        int position = 0;
        for (int g = 0; g < count; g++) {
            if (g == gap) {
                position += zeros;
            }
            if (position < 4) {
                high |= (long) groups[g] << (16 * (3 - position));
            } else {
                low |= (long) groups[g] << (16 * (7 - position));
            }
            position++;
        }
        if (high == 0 && (low >>> 32) == 0xffff) {
            return new IpAddress(true, 0, low & 0xffffffffL);
        }
        return new IpAddress(false, high, low);
    }

    /** Canonical text: dotted quad for IPv4, RFC 5952 §4 for IPv6 (lower case, longest zero run as {@code ::}). */
    @Override
    public String toString() {
        if (ipv4) {
            return ((low >>> 24) & 255) + "." + ((low >>> 16) & 255) + "." + ((low >>> 8) & 255) + "." + (low & 255);
        }
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            groups[g] = (int) ((g < 4 ? high >>> (16 * (3 - g)) : low >>> (16 * (7 - g))) & 0xffff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (groups[g] != 0) {
                g++;
                continue;
            }
            int start = g;
            while (g < 8 && groups[g] == 0) {
                g++;
            }
            if (g - start > bestLength) {
                bestStart = start;
                bestLength = g - start;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                out.append("::");
                g += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            appendHex(out, groups[g]);
        }
        return out.toString();
    }

    /** A 16-bit group in lower-case hex without leading zeros (RFC 5952 §4.1, §4.3). */
    private static void appendHex(StringBuilder out, int group) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int digit = (group >>> shift) & 0xf;
            if (digit != 0 || started || shift == 0) {
                out.append((char) (digit < 10 ? '0' + digit : 'a' + digit - 10));
                started = true;
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress that && ipv4 == that.ipv4 && high == that.high && low == that.low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high * 31 + low) ^ (ipv4 ? 1 : 0);
    }
}

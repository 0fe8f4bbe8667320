package io.gatehouse.proxy.split;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a single
 * address), matched against IP literals without any name lookup. Minimal on purpose: the access
 * package grows a full one ({@code io.gatehouse.proxy.access.Cidr}); this one will merge into it.
 * An IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) matches IPv4 networks.
 */
final class Cidr {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Parses {@code address/prefix} or a single address.
     *
     * @throws IllegalArgumentException naming the value and what was expected
     */
    static Cidr parse(String cidr) {
        String value = cidr.trim();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = parseAddress(address);
        if (bytes == null) {
            throw new IllegalArgumentException("network: '" + cidr + "' (expected: CIDR such as '10.0.0.0/8' or '2001:db8::/32')");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String digits = value.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(digits) > max) {
                throw new IllegalArgumentException("network: '" + cidr + "' (expected: a prefix length 0-" + max + ")");
            }
            prefix = Integer.parseInt(digits);
        }
        byte[] network = mask(bytes, prefix);
        return new Cidr(network, prefix, value);
    }

    /** Whether an IP literal lies in this network; false for anything that is not an IP literal. */
    boolean contains(String ip) {
        return ip != null && contains(parseAddress(ip));
    }

    boolean contains(byte[] address) {
        if (address == null) {
            return false;
        }
        if (address.length == 16 && network.length == 4 && isV4Mapped(address)) {
            address = Arrays.copyOfRange(address, 12, 16);
        }
        if (address.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(address, prefix), network);
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit >> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        return masked;
    }

    /** Parses an IPv4 dotted quad or an IPv6 literal (brackets, zone id and embedded IPv4 allowed); null when invalid. */
    static byte[] parseAddress(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        return s.indexOf(':') >= 0 ? parseV6(s) : parseV4(s);
    }

    private static byte[] parseV4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseV6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        byte[] head = gap < 0 ? groups(s, true) : gap == 0 ? new byte[0] : groups(s.substring(0, gap), false);
        byte[] tail = gap < 0 ? new byte[0] : gap + 2 == s.length() ? new byte[0] : groups(s.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int total = head.length + tail.length;
        if (gap < 0 ? total != 16 : total > 14) {
            return null;
        }
        byte[] out = new byte[16];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, 16 - tail.length, tail.length);
        return out;
    }

    /** Colon-separated hex groups; the last may be a dotted IPv4 address when {@code last} allows it. */
    private static byte[] groups(String s, boolean last) {
        String[] parts = s.split(":", -1);
        byte[] out = new byte[parts.length * 2 + 2];
        int length = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (last && i == parts.length - 1 && p.indexOf('.') >= 0) {
                byte[] v4 = parseV4(p);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, length, 4);
                length += 4;
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int value = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                value = value * 16 + d;
            }
            out[length++] = (byte) (value >> 8);
            out[length++] = (byte) value;
        }
        return Arrays.copyOf(out, length);
    }

    @Override
    public String toString() {
        return text;
    }
}

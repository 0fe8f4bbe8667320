package io.gatehouse.proxy.balancing;

/**
 * A stable 64-bit string hash (FNV-1a over the UTF-16 code units, then MurmurHash3's 64-bit
 * finaliser to spread the bits): the same key maps to the same point on every JVM, so several
 * proxy instances agree on where a key goes.
 */
final class Hashing {

    private Hashing() {
    }

    static long hash64(CharSequence value) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0, n = value.length(); i < n; i++) {
            h ^= value.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}

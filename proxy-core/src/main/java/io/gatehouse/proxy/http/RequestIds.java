package io.gatehouse.proxy.http;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Request ids ({@code X-Request-Id}): a fast, unique generator, and the check an id received
 * from a trusted peer must pass to be kept.
 *
 * <p>A generated id is 26 characters of Crockford base32: 13 for a random 64-bit prefix drawn
 * once per generator, 13 for a per-generator counter passed through a keyed 64-bit bijection,
 * so ids are unique within a generator (the counter never repeats and the bijection keeps it
 * so), practically unique across processes (the prefix), and do not reveal how many requests
 * the proxy has served. One atomic increment and no lock per id.
 */
public final class RequestIds {

    /** The longest id accepted from a trusted peer. */
    public static final int MAX_LENGTH = 128;

    private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private RequestIds() {
    }

    /** A new generator with a random prefix and key from {@link SecureRandom}. */
    public static Supplier<String> generator() {
        SecureRandom random = new SecureRandom();
        return generator(random.nextLong(), random.nextLong());
    }

    /** A generator with a given prefix and key, for deterministic tests. */
    public static Supplier<String> generator(long prefix, long key) {
        return new Generator(prefix, key);
    }

    /**
     * Whether an id received from a trusted peer may be kept: 1 to {@value #MAX_LENGTH}
     * visible ASCII characters other than {@code "}, {@code ,}, {@code ;} and {@code \}
     * (so it cannot split a header or smuggle a list).
     */
    public static boolean isAcceptable(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static final class Generator implements Supplier<String> {

        private final char[] prefix = new char[13];
        private final long key;
        private final AtomicLong counter = new AtomicLong();

        Generator(long prefix, long key) {
            encode(prefix, this.prefix, 0);
            this.key = key;
        }

        @Override
        public String get() {
            char[] id = new char[26];
            System.arraycopy(prefix, 0, id, 0, 13);
            encode(mix(counter.getAndIncrement() ^ key), id, 13);
            return new String(id);
        }

        /** SplitMix64's finaliser: a bijection on 64-bit values, so distinct counters give distinct ids. */
        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        /** 64 bits as 13 base32 digits (the first carries the top 4 bits). */
        private static void encode(long value, char[] out, int offset) {
            for (int i = 12; i >= 0; i--) {
                out[offset + i] = BASE32[(int) (value & 31)];
                value >>>= 5;
            }
        }

        @Override
        public String toString() {
            return "requestIds[" + new String(prefix) + "…]";
        }
    }
}

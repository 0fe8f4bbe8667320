package io.gatehouse.examples;

import io.gatehouse.proxy.balancing.HashKey;
import io.gatehouse.proxy.balancing.LoadBalancer;
import io.gatehouse.proxy.balancing.LoadBalancers;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --lb} option: a load balancing policy by name, e.g. {@code peak-ewma}, or consistent
 * hashing with what it hashes, e.g. {@code consistent-hash:header:X-User}.
 *
 * @param name the value as given
 * @param policy the policy it names
 */
record LoadBalancerOption(String name, LoadBalancer policy) {

    /** The values {@code --lb} takes, for help and error messages. */
    static final List<String> VALUES = List.of("round-robin", "weighted-round-robin", "random", "weighted-random",
            "least-requests", "p2c", "peak-ewma", "ip-hash", "consistent-hash:header:NAME", "consistent-hash:cookie:NAME",
            "consistent-hash:ip", "consistent-hash:path");

    private static final String CONSISTENT_HASH = "consistent-hash";

    /** Parses a policy name; the message of the exception says what was expected. */
    static LoadBalancerOption parse(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals(CONSISTENT_HASH) || lower.startsWith(CONSISTENT_HASH + ":")) {
            return new LoadBalancerOption(value, LoadBalancers.consistentHash(hashKey(value)));
        }
        try {
            return new LoadBalancerOption(value, LoadBalancers.named(value));
        } catch (IllegalArgumentException e) {
            throw invalid(value);
        }
    }

    /** The key of {@code consistent-hash:header:NAME}, {@code :cookie:NAME}, {@code :ip} or {@code :path}. */
    private static HashKey hashKey(String value) {
        String[] parts = value.split(":", 3);
        String source = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "";
        String name = parts.length > 2 ? parts[2] : null;
        try {
            if (source.equals("header") && name != null) {
                return HashKey.header(name);
            }
            if (source.equals("cookie") && name != null) {
                return HashKey.cookie(name);
            }
            if (source.equals("ip") && name == null) {
                return HashKey.clientIp();
            }
            if (source.equals("path") && name == null) {
                return HashKey.path();
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "': " + e.getMessage());
        }
        throw new IllegalArgumentException("'" + value + "' (expected: consistent-hash:header:NAME,"
                + " consistent-hash:cookie:NAME, consistent-hash:ip or consistent-hash:path)");
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("'" + value + "' (expected: one of " + String.join(", ", VALUES) + ")");
    }

    /** Whether the policy picks without looking at the upstreams' weights: round robin and (uniform) random. */
    boolean ignoresWeights() {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("round-robin") || lower.equals("random");
    }

    @Override
    public String toString() {
        return name;
    }

    /** Lets picocli parse {@code --lb}; a bad value is a usage error naming the option. */
    static final class Converter implements ITypeConverter<LoadBalancerOption> {
        @Override
        public LoadBalancerOption convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}

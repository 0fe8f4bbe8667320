package io.gatehouse.proxy.split;

import io.gatehouse.proxy.access.Cidr;
import io.gatehouse.proxy.access.IpAddress;
import io.gatehouse.proxy.balancing.HashKey;
import io.gatehouse.proxy.http.RequestView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Which upstream group serves a route's request, when a route sends to more than one. Immutable;
 * each method returns a new split.
 *
 * <pre>{@code
 * TrafficSplit.weighted().to("stable", 95).to("canary", 5)           // canary: 5 % of requests
 * TrafficSplit.weighted().to("a", 50).to("b", 50).stickyBy(HashKey.cookie("uid"))
 * TrafficSplit.byHeader("X-Variant").when("beta", "beta")             // A/B; others: the route's group
 * TrafficSplit.byCookie("variant").when("b", "group-b")
 * TrafficSplit.byNetwork().when("10.0.0.0/8", "internal").when("2001:db8::/32", "lab")
 * }</pre>
 *
 * <p>Rules of header, cookie and network splits are tried in declaration order, the first match
 * wins; a request no rule matches goes to the route's own group ({@code .to(group)}). A weighted
 * split picks at random in proportion to the weights, or by the hash of a request key when sticky
 * (the same key always lands in the same group while the weights stay the same).
 */
public final class TrafficSplit {

    private enum Kind { WEIGHTED, HEADER, COOKIE, NETWORK }

    private record Rule(String value, Cidr network, String group) {
    }

    private final Kind kind;
    private final HashKey key;
    private final List<String> groups;
    private final int[] weights;
    private final int total;
    private final List<Rule> rules;

    private TrafficSplit(Kind kind, HashKey key, List<String> groups, int[] weights, List<Rule> rules) {
        this.kind = kind;
        this.key = key;
        this.groups = List.copyOf(groups);
        this.weights = weights;
        int sum = 0;
        for (int w : weights) {
            sum += w;
        }
        this.total = sum;
        this.rules = List.copyOf(rules);
    }

    /** A weighted split with no groups yet; add them with {@link #to(String, int)}. */
    public static TrafficSplit weighted() {
        return new TrafficSplit(Kind.WEIGHTED, null, List.of(), new int[0], List.of());
    }

    /** A split by the value of a request header (exact, case-sensitive match). */
    public static TrafficSplit byHeader(String name) {
        return new TrafficSplit(Kind.HEADER, HashKey.header(name), List.of(), new int[0], List.of());
    }

    /** A split by the value of a cookie (exact, case-sensitive match). */
    public static TrafficSplit byCookie(String name) {
        return new TrafficSplit(Kind.COOKIE, HashKey.cookie(name), List.of(), new int[0], List.of());
    }

    /**
     * A split by the client's network ({@link RequestView#remoteAddress()}, the socket peer; behind
     * another proxy, that proxy's address).
     */
    public static TrafficSplit byNetwork() {
        return new TrafficSplit(Kind.NETWORK, HashKey.clientIp(), List.of(), new int[0], List.of());
    }

    /**
     * Adds a group with a weight to a weighted split.
     *
     * @throws IllegalArgumentException for a weight below 1 or a group given twice
     * @throws IllegalStateException on a split that is not weighted
     */
    public TrafficSplit to(String group, int weight) {
        Objects.requireNonNull(group, "group");
        if (kind != Kind.WEIGHTED) {
            throw new IllegalStateException("to(group, weight) is for weighted splits; use when(value, group) on " + this);
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight of group '" + group + "': " + weight + " (expected: 1 or more)");
        }
        if (groups.contains(group)) {
            throw new IllegalArgumentException("group '" + group + "' is in the split twice; give it one weight");
        }
        List<String> g = new ArrayList<>(groups);
        g.add(group);
        int[] w = java.util.Arrays.copyOf(weights, weights.length + 1);
        w[weights.length] = weight;
        return new TrafficSplit(kind, key, g, w, rules);
    }

    /** Makes a weighted split sticky: the hash of this key, not chance, picks the group (random when absent). */
    public TrafficSplit stickyBy(HashKey key) {
        Objects.requireNonNull(key, "key");
        if (kind != Kind.WEIGHTED) {
            throw new IllegalStateException("stickyBy is for weighted splits, not " + this);
        }
        return new TrafficSplit(kind, key, groups, weights, rules);
    }

    /**
     * Adds a rule: requests whose header or cookie has this value, or whose client address lies in
     * this network (CIDR, e.g. {@code 10.0.0.0/8}), go to {@code group}.
     *
     * @throws IllegalArgumentException for an invalid network
     * @throws IllegalStateException on a weighted split
     */
    public TrafficSplit when(String value, String group) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(group, "group");
        if (kind == Kind.WEIGHTED) {
            throw new IllegalStateException("when(value, group) is for header, cookie and network splits; use to(group, weight)");
        }
        List<Rule> r = new ArrayList<>(rules);
        r.add(new Rule(value, kind == Kind.NETWORK ? Cidr.parse(value) : null, group));
        List<String> g = new ArrayList<>(groups);
        if (!g.contains(group)) {
            g.add(group);
        }
        return new TrafficSplit(kind, key, g, weights, r);
    }

    /** The groups the split may send to (not counting the route's own group). */
    public Set<String> groups() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(groups));
    }

    /** Whether this is a weighted split (it then needs no route group of its own). */
    public boolean weightedSplit() {
        return kind == Kind.WEIGHTED;
    }

    /** The group of a request, or null for the route's own group. */
    public String group(RequestView request) {
        return group(request, ThreadLocalRandom.current());
    }

    /** The group of a request, or null for the route's own group, with the given randomness. */
    public String group(RequestView request, RandomGenerator random) {
        switch (kind) {
            case WEIGHTED -> {
                if (total == 0) {
                    return null;
                }
                String sticky = key == null ? null : key.value(request);
                int point = sticky != null ? (int) Math.floorMod(hash64(sticky), (long) total) : random.nextInt(total);
                for (int i = 0; i < weights.length; i++) {
                    point -= weights[i];
                    if (point < 0) {
                        return groups.get(i);
                    }
                }
                return groups.get(groups.size() - 1);
            }
            case NETWORK -> {
                IpAddress address = IpAddress.tryParse(request.remoteAddress());
                for (Rule rule : rules) {
                    if (address != null && rule.network.contains(address)) {
                        return rule.group;
                    }
                }
                return null;
            }
            default -> {
                String value = key.value(request);
                if (value == null) {
                    return null;
                }
                for (Rule rule : rules) {
                    if (rule.value.equals(value)) {
                        return rule.group;
                    }
                }
                return null;
            }
        }
    }

    /** FNV-1a then MurmurHash3's finaliser: stable across JVMs, as the balancer's ring. */
    private static long hash64(String value) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TrafficSplit[");
        switch (kind) {
            case WEIGHTED -> {
                for (int i = 0; i < groups.size(); i++) {
                    s.append(i == 0 ? "" : ", ").append(groups.get(i)).append(' ').append(weights[i]);
                }
                if (key != null) {
                    s.append(", sticky by ").append(key);
                }
            }
            default -> {
                s.append("by ").append(key);
                for (Rule rule : rules) {
                    s.append(", ").append(rule.value).append(" -> ").append(rule.group);
                }
            }
        }
        return s.append(']').toString();
    }
}

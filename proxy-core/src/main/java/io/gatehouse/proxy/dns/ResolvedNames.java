package io.gatehouse.proxy.dns;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses of the upstream host names in use, each resolved again once its interval has
 * passed (ADR 0019). The JDK does not expose records' TTLs, so the interval is configured (default
 * {@link #DEFAULT_INTERVAL}); a name used with several intervals is resolved at the shortest.
 *
 * <p>A configuration read asks through a {@link Reading}: a name seen for the first time is
 * resolved then (an {@link UnknownHostException} makes that read fail), a known one answers from
 * memory. {@link Reading#commit()} forgets the names the read did not use. {@link #refreshDue()},
 * called periodically on a background thread, resolves the names that are due and says whether an
 * answer changed; the caller then reads the configuration again, so new addresses join the group
 * and gone ones leave it (requests under way on them finish). A failed or empty answer keeps the
 * last good one: a DNS outage never empties a group. Thread-safe.
 */
public final class ResolvedNames {

    /** The interval used when none is configured. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ResolvedNames.class);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final HostResolver resolver;
    private final LongSupplier nanoClock;
    private final Map<String, Name> names = new HashMap<>();

    private static final class Name {
        List<String> addresses;
        long intervalNanos;
        long dueNanos;
    }

    /**
     * @param resolver where answers come from, e.g. {@link HostResolver#system()}
     * @param nanoClock a monotonic clock in nanoseconds, e.g. {@code System::nanoTime}
     */
    public ResolvedNames(HostResolver resolver, LongSupplier nanoClock) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** With the JDK's resolver and {@link System#nanoTime()}. */
    public static ResolvedNames system() {
        return new ResolvedNames(HostResolver.system(), System::nanoTime);
    }

    /** Starts a configuration read. */
    public Reading reading() {
        return new Reading();
    }

    /** The names tracked now, for logs and tests. */
    public synchronized Set<String> names() {
        return Set.copyOf(names.keySet());
    }

    /**
     * Resolves every name whose interval has passed (the resolver is called without holding a lock).
     *
     * @return whether an answer changed
     */
    public boolean refreshDue() {
        long now = nanoClock.getAsLong();
        List<String> due = new ArrayList<>();
        synchronized (this) {
            names.forEach((host, name) -> {
                if (now - name.dueNanos >= 0) {
                    due.add(host);
                }
            });
        }
        boolean changed = false;
        for (String host : due) {
            List<String> answer;
            try {
                answer = lookUp(host);
            } catch (UnknownHostException e) {
                answer = null;
            }
            synchronized (this) {
                Name name = names.get(host);
                if (name == null) {
                    continue; // forgotten meanwhile
                }
                name.dueNanos = now + name.intervalNanos;
                if (answer == null) {
                    LOG.warn("Upstream host {} did not resolve; its last addresses {} stay", host, name.addresses);
                } else if (!answer.equals(name.addresses)) {
                    LOG.info("Upstream host {} now resolves to {} (was {})", host, answer, name.addresses);
                    name.addresses = answer;
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** The sorted, distinct addresses of a name; an empty answer is an {@link UnknownHostException}. */
    private List<String> lookUp(String host) throws UnknownHostException {
        List<InetAddress> found;
        try {
            found = resolver.resolve(host);
        } catch (RuntimeException e) {
            throw new UnknownHostException(host + ": " + e);
        }
        TreeSet<String> sorted = new TreeSet<>();
        if (found != null) {
            for (InetAddress address : found) {
                String text = address.getHostAddress();
                int scope = text.indexOf('%'); // an IPv6 zone is local to this machine, not part of a URI
                sorted.add(scope < 0 ? text : text.substring(0, scope));
            }
        }
        if (sorted.isEmpty()) {
            throw new UnknownHostException(host + ": no addresses");
        }
        return List.copyOf(sorted);
    }

    /** Whether a URI's host is an IP literal, which is never resolved. */
    static boolean isLiteral(String host) {
        return host.startsWith("[") || host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    /** The names one configuration read used; {@link #commit()} when the read succeeded. */
    public final class Reading {

        private final Map<String, Long> used = new HashMap<>();

        private Reading() {
        }

        /**
         * The URI once per address of its host, the host replaced by the address (an IP literal
         * host is returned as it is). A name seen for the first time is resolved now.
         *
         * @param interval how often the name is resolved again (positive)
         * @throws UnknownHostException when a new name does not resolve
         */
        public List<URI> expand(URI uri, Duration interval) throws UnknownHostException {
            Objects.requireNonNull(uri, "uri");
            if (Objects.requireNonNull(interval, "interval").isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval: " + interval + " (expected: a positive duration)");
            }
            String host = uri.getHost();
            if (host == null || isLiteral(host)) {
                return List.of(uri);
            }
            List<String> addresses = addresses(host.toLowerCase(java.util.Locale.ROOT), interval.toNanos());
            List<URI> expanded = new ArrayList<>(addresses.size());
            for (String address : addresses) {
                expanded.add(withHost(uri, address));
            }
            return expanded;
        }

        private List<String> addresses(String host, long intervalNanos) throws UnknownHostException {
            used.merge(host, intervalNanos, Math::min);
            synchronized (ResolvedNames.this) {
                Name known = names.get(host);
                if (known != null) {
                    return known.addresses;
                }
            }
            List<String> answer = lookUp(host); // outside the lock: DNS may be slow
            synchronized (ResolvedNames.this) {
                Name name = names.computeIfAbsent(host, h -> new Name());
                if (name.addresses == null) {
                    name.addresses = answer;
                    name.intervalNanos = intervalNanos;
                    name.dueNanos = nanoClock.getAsLong() + intervalNanos;
                }
                return name.addresses;
            }
        }

        /** Keeps tracking exactly the names this read used, at the intervals it asked for. */
        public void commit() {
            long now = nanoClock.getAsLong();
            synchronized (ResolvedNames.this) {
                names.keySet().retainAll(new HashSet<>(used.keySet()));
                used.forEach((host, interval) -> {
                    Name name = names.get(host);
                    if (name != null && name.intervalNanos != interval) {
                        name.intervalNanos = interval;
                        name.dueNanos = Math.min(name.dueNanos, now + interval);
                    }
                });
            }
        }
    }

    private static URI withHost(URI uri, String address) {
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        try {
            return new URI(uri.getScheme(), uri.getUserInfo(), host, uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot put address " + address + " in " + uri, e);
        }
    }
}

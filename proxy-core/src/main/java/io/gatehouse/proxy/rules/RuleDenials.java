package io.gatehouse.proxy.rules;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gatehouse.proxy.access.Verdict;
import io.gatehouse.proxy.http.RequestView;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts request-rule denials by rule name and logs them at most once a minute per client: a
 * scanner firing ten thousand probes a minute makes one log line a minute, which says how many
 * denials it left out. Lock-free on the request path; the per-client log state is kept for at
 * most {@value #MAX_CLIENTS} clients in a Caffeine cache (a client forgotten early is at worst
 * logged again).
 */
public final class RuleDenials {

    /** How many clients' log state is kept. */
    public static final int MAX_CLIENTS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(RuleDenials.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_LOGGED_PATH = 200;

    private final LongSupplier nanoTime;
    private final Consumer<String> log;
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Cache<String, ClientLog> clients;

    private RuleDenials(LongSupplier nanoTime, Consumer<String> log, Executor executor) {
        this.nanoTime = nanoTime;
        this.log = log;
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .maximumSize(MAX_CLIENTS)
                .expireAfterAccess(2 * LOG_INTERVAL_NANOS, TimeUnit.NANOSECONDS)
                .ticker(nanoTime::getAsLong);
        if (executor != null) {
            builder.executor(executor);
        }
        this.clients = builder.build();
    }

    /** Counts and logs (at INFO, logger {@code io.gatehouse.proxy.rules.RuleDenials}) with this clock. */
    public static RuleDenials create(LongSupplier nanoTime) {
        return new RuleDenials(nanoTime, LOG::info, null);
    }

    /** For tests: log lines go to {@code log}, cache maintenance runs on {@code executor}. */
    static RuleDenials create(LongSupplier nanoTime, Consumer<String> log, Executor executor) {
        return new RuleDenials(nanoTime, log, executor);
    }

    /** Records one denial of a request by the rule named {@code rule}. */
    public void record(RequestView request, String rule, Verdict.Deny deny) {
        counts.computeIfAbsent(rule, r -> new LongAdder()).increment();
        String client = request.clientAddress();
        ClientLog state = clients.get(client == null ? "" : client, c -> new ClientLog());
        long now = nanoTime.getAsLong();
        long next = state.nextLogAt.get();
        if ((next == ClientLog.NEVER || now - next >= 0) && state.nextLogAt.compareAndSet(next, now + LOG_INTERVAL_NANOS)) {
            long left = state.suppressed.sumThenReset();
            log.accept("Request rule '" + rule + "' denied " + request.method() + " " + printable(request.path()) + " from "
                    + client + " with " + deny.status() + (left == 0 ? "" : "; " + left
                    + " more denials of this client in the last minute were not logged"));
        } else {
            state.suppressed.increment();
        }
    }

    /** Denials by the rule of this name so far. */
    public long count(String rule) {
        LongAdder count = counts.get(rule);
        return count == null ? 0 : count.sum();
    }

    /** Denials by rule name, sorted by name. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((rule, count) -> snapshot.put(rule, count.sum()));
        return snapshot;
    }

    /** A path as safe to log: control characters escaped, at most 200 characters. */
    private static String printable(String path) {
        StringBuilder out = new StringBuilder(Math.min(path.length(), MAX_LOGGED_PATH) + 8);
        for (int i = 0; i < path.length() && out.length() < MAX_LOGGED_PATH; i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return path.length() > MAX_LOGGED_PATH ? out.append("...").toString() : out.toString();
    }

    /** When a client may be logged next, and how many of its denials were not logged since. */
    private static final class ClientLog {

        static final long NEVER = Long.MIN_VALUE;

        final AtomicLong nextLogAt = new AtomicLong(NEVER);
        final LongAdder suppressed = new LongAdder();
    }
}

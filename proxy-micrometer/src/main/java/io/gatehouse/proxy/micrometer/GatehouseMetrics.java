package io.gatehouse.proxy.micrometer;

import io.gatehouse.proxy.health.Health;
import io.gatehouse.proxy.health.UpstreamRegistry;
import io.gatehouse.proxy.health.UpstreamStatus;
import io.gatehouse.proxy.observe.AttemptEnded;
import io.gatehouse.proxy.observe.AttemptStarted;
import io.gatehouse.proxy.observe.CacheResult;
import io.gatehouse.proxy.observe.Denied;
import io.gatehouse.proxy.observe.ProxyObserver;
import io.gatehouse.proxy.observe.ResponseCompleted;
import io.gatehouse.proxy.observe.RetryScheduled;
import io.gatehouse.proxy.observe.UpstreamHealthChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy's Micrometer meters, as an observer: register it on the configuration
 * ({@code ProxyConfig.builder().observer(GatehouseMetrics.of(registry))}) and, for the health gauges,
 * {@link #monitor} the servlet's upstream registry once it runs.
 *
 * <table>
 *   <caption>Meters (Prometheus names in brackets)</caption>
 *   <tr><td>{@code gatehouse.requests} timer [{@code gatehouse_requests_seconds}]</td>
 *       <td>route, method, status (class), outcome ({@code upstream}, {@code cache}, {@code proxy})</td></tr>
 *   <tr><td>{@code gatehouse.upstream.requests} timer</td><td>group, upstream, outcome (attempt's)</td></tr>
 *   <tr><td>{@code gatehouse.upstream.in.flight} gauge</td><td>group, upstream</td></tr>
 *   <tr><td>{@code gatehouse.upstream.health} gauge (1 in the current state, else 0)</td>
 *       <td>group, upstream, state</td></tr>
 *   <tr><td>{@code gatehouse.retries} counter</td><td>route, group</td></tr>
 *   <tr><td>{@code gatehouse.upstream.ejections} counter</td><td>group, upstream</td></tr>
 *   <tr><td>{@code gatehouse.cache.requests} counter</td><td>route, result ({@code hit}, {@code miss}, {@code stale}...)</td></tr>
 *   <tr><td>{@code gatehouse.cache.served.bytes} counter</td><td>route</td></tr>
 *   <tr><td>{@code gatehouse.denials} counter</td><td>route, reason ({@code rate_limit}, {@code access})</td></tr>
 * </table>
 *
 * <p>Tags are bounded: ids from the configuration, classes and enums; never a path or a client
 * address. Meters are looked up once per tag combination and kept; thread-safe.
 */
public final class GatehouseMetrics implements ProxyObserver {

    private final MeterRegistry registry;
    private final ConcurrentMap<RequestKey, Timer> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<AttemptKey, Timer> attempts = new ConcurrentHashMap<>();
    private final ConcurrentMap<UpstreamKey, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<UpstreamKey, Boolean> healthGauges = new ConcurrentHashMap<>();
    private final ConcurrentMap<UpstreamKey, Counter> ejections = new ConcurrentHashMap<>();
    private final ConcurrentMap<UpstreamKey, Counter> retries = new ConcurrentHashMap<>();
    private final ConcurrentMap<UpstreamKey, Counter> cacheResults = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> cacheBytes = new ConcurrentHashMap<>();
    private final ConcurrentMap<UpstreamKey, Counter> denials = new ConcurrentHashMap<>();
    private volatile UpstreamRegistry upstreams;

    private record RequestKey(String route, String method, String status, String outcome) {
    }

    private record AttemptKey(String group, String upstream, String outcome) {
    }

    /** Two tag values (group and upstream, route and group, route and result...). */
    private record UpstreamKey(String first, String second) {
    }

    private GatehouseMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of the proxy in {@code registry}. */
    public static GatehouseMetrics of(MeterRegistry registry) {
        return new GatehouseMetrics(Objects.requireNonNull(registry, "registry"));
    }

    /**
     * Reports the health of every upstream in {@code upstreams} (the servlet's
     * {@code engine().upstreams()}, which outlives configuration updates) as
     * {@code gatehouse.upstream.health} gauges; upstreams that appear later are added when an
     * event names them.
     */
    public GatehouseMetrics monitor(UpstreamRegistry upstreams) {
        this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
        for (UpstreamStatus status : upstreams.statuses()) {
            healthGauges(status.groupId(), status.upstreamId());
        }
        return this;
    }

    private void healthGauges(String group, String upstream) {
        UpstreamRegistry known = upstreams;
        if (known == null || healthGauges.putIfAbsent(new UpstreamKey(group, upstream), Boolean.TRUE) != null) {
            return;
        }
        for (Health state : Health.values()) {
            Gauge.builder("gatehouse.upstream.health", known, r -> {
                        UpstreamStatus status = r.status(group, upstream);
                        return status == null ? Double.NaN : status.health() == state ? 1 : 0;
                    })
                    .description("1 when the upstream is in this state, else 0")
                    .tags("group", group, "upstream", upstream, "state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
    }

    @Override
    public void responseCompleted(ResponseCompleted e) {
        RequestKey key = new RequestKey(MeterTags.orNone(e.routeId()), MeterTags.method(e.method()),
                MeterTags.statusClass(e.status()), MeterTags.lower(e.source()));
        requests.computeIfAbsent(key, k -> Timer.builder("gatehouse.requests")
                .description("Requests through the proxy, from arrival to the end of the response")
                .tags("route", k.route(), "method", k.method(), "status", k.status(), "outcome", k.outcome())
                .register(registry)).record(e.totalNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void attemptStarted(AttemptStarted e) {
        inFlight(e.groupId(), e.upstreamId()).incrementAndGet();
        healthGauges(e.groupId(), e.upstreamId());
    }

    @Override
    public void attemptEnded(AttemptEnded e) {
        AttemptStarted s = e.started();
        inFlight(s.groupId(), s.upstreamId()).decrementAndGet();
        AttemptKey key = new AttemptKey(s.groupId(), s.upstreamId(), MeterTags.lower(e.outcome()));
        attempts.computeIfAbsent(key, k -> Timer.builder("gatehouse.upstream.requests")
                .description("Attempts on an upstream, from sending to their end")
                .tags("group", k.group(), "upstream", k.upstream(), "outcome", k.outcome())
                .register(registry)).record(e.durationNanos(), TimeUnit.NANOSECONDS);
    }

    private AtomicInteger inFlight(String group, String upstream) {
        return inFlight.computeIfAbsent(new UpstreamKey(group, upstream), k -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("gatehouse.upstream.in.flight", count, AtomicInteger::get)
                    .description("Attempts on the upstream under way")
                    .tags("group", group, "upstream", upstream)
                    .register(registry);
            return count;
        });
    }

    @Override
    public void retry(RetryScheduled e) {
        retries.computeIfAbsent(new UpstreamKey(e.routeId(), e.groupId()), k -> Counter.builder("gatehouse.retries")
                .description("Requests tried again on another attempt")
                .tags("route", k.first(), "group", k.second())
                .register(registry)).increment();
    }

    @Override
    public void healthChanged(UpstreamHealthChanged e) {
        healthGauges(e.groupId(), e.upstreamId());
        if (e.ejected()) {
            ejections.computeIfAbsent(new UpstreamKey(e.groupId(), e.upstreamId()), k ->
                    Counter.builder("gatehouse.upstream.ejections")
                            .description("Ejections by passive outlier detection")
                            .tags("group", k.first(), "upstream", k.second())
                            .register(registry)).increment();
        }
    }

    @Override
    public void cacheResult(CacheResult e) {
        String route = MeterTags.orNone(e.routeId());
        cacheResults.computeIfAbsent(new UpstreamKey(route, MeterTags.lower(e.status())), k ->
                Counter.builder("gatehouse.cache.requests")
                        .description("What the cache did for a request")
                        .tags("route", k.first(), "result", k.second())
                        .register(registry)).increment();
        if (e.bytes() > 0) {
            cacheBytes.computeIfAbsent(route, r -> Counter.builder("gatehouse.cache.served.bytes")
                    .description("Body bytes served from the cache")
                    .baseUnit("bytes")
                    .tags("route", r)
                    .register(registry)).increment(e.bytes());
        }
    }

    @Override
    public void denied(Denied e) {
        denials.computeIfAbsent(new UpstreamKey(MeterTags.orNone(e.routeId()), MeterTags.lower(e.kind())), k ->
                Counter.builder("gatehouse.denials")
                        .description("Requests refused by a rate limit or an access rule")
                        .tags("route", k.first(), "reason", k.second())
                        .register(registry)).increment();
    }

    @Override
    public String toString() {
        return "GatehouseMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}

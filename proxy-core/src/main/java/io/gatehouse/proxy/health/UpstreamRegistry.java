package io.gatehouse.proxy.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The runtime state of every upstream, keyed by (group id, upstream id) and kept apart from the
 * configuration: a new configuration binds to the same registry, and upstreams that survive the
 * swap keep their in-flight counts, latency, health and ejections. Also the public read API of
 * health ({@link #statuses()}).
 *
 * <p>One registry lives as long as the proxy (the adapter keeps it across
 * {@code update(config)}). Binding happens when a configuration is compiled, never on a request
 * thread; reading statuses and the states themselves is lock-free.
 */
public final class UpstreamRegistry {

    private record Key(String groupId, String upstreamId) {
    }

    private final LongSupplier clock;
    private final HealthEvents events;
    private final ConcurrentHashMap<Key, UpstreamState> states = new ConcurrentHashMap<>();
    private volatile Map<String, GroupHealth> groups = Map.of();

    private UpstreamRegistry(LongSupplier clock, HealthListener listener) {
        this.clock = clock;
        this.events = new HealthEvents(listener);
    }

    /** A registry on {@link System#nanoTime()}, logging health changes only. */
    public static UpstreamRegistry create() {
        return create(System::nanoTime, HealthListener.none());
    }

    /**
     * A registry on the given clock that also tells {@code listener} of every health change.
     *
     * @param nanoClock monotonic nanoseconds ({@code System::nanoTime}; a fake clock in tests)
     */
    public static UpstreamRegistry create(LongSupplier nanoClock, HealthListener listener) {
        return new UpstreamRegistry(Objects.requireNonNull(nanoClock, "nanoClock"),
                Objects.requireNonNull(listener, "listener"));
    }

    /** The registry's clock, in nanoseconds. */
    public long nanoTime() {
        return clock.getAsLong();
    }

    /**
     * Binds a group of a (new) configuration: reuses the state of every upstream already known
     * under the same group and upstream id, creates the others, and applies the group's health
     * settings. An upstream added to a group that was bound before starts its slow-start ramp.
     *
     * @param group the group as configured
     * @param latencyDecay the decay time of the latency average (the load balancer's)
     * @return the group's health view for this configuration
     */
    public synchronized GroupHealth bind(EndpointGroup group, java.time.Duration latencyDecay) {
        long now = clock.getAsLong();
        boolean known = groups.containsKey(group.id());
        List<UpstreamState> members = new ArrayList<>();
        List<UpstreamState> added = new ArrayList<>();
        for (Endpoint upstream : group.upstreams()) {
            Key key = new Key(group.id(), upstream.id());
            UpstreamState state = states.get(key);
            if (state == null) {
                state = new UpstreamState(group.id(), upstream, clock, events, group.healthCheck() != null);
                states.put(key, state);
                added.add(state);
            }
            members.add(state);
        }
        GroupHealth health = new GroupHealth(group.id(), members, group.healthCheck(), group.outlierDetection(),
                group.slowStart(), group.panicMode(), clock, events);
        long decay = Math.max(1, latencyDecay.toNanos());
        for (int i = 0; i < members.size(); i++) {
            members.get(i).bind(health, group.upstreams().get(i), decay, now);
        }
        if (known) {
            for (UpstreamState state : added) {
                state.startRamp(now);
            }
        }
        Map<String, GroupHealth> next = new LinkedHashMap<>(groups);
        next.put(group.id(), health);
        groups = next;
        return health;
    }

    /**
     * Forgets the groups and upstreams a new configuration no longer has. Attempts still under
     * way on them complete harmlessly on the forgotten states.
     */
    public synchronized void retain(Collection<? extends EndpointGroup> configured) {
        Set<Key> keep = new HashSet<>();
        Set<String> groupIds = new HashSet<>();
        for (EndpointGroup group : configured) {
            groupIds.add(group.id());
            for (Endpoint upstream : group.upstreams()) {
                keep.add(new Key(group.id(), upstream.id()));
            }
        }
        states.keySet().retainAll(keep);
        Map<String, GroupHealth> next = new LinkedHashMap<>(groups);
        next.keySet().retainAll(groupIds);
        groups = next;
    }

    /** The health view of a group as last bound, or null. */
    public GroupHealth group(String groupId) {
        return groups.get(groupId);
    }

    /** The groups as last bound, in binding order. */
    public Collection<GroupHealth> groups() {
        return groups.values();
    }

    /** A snapshot of every upstream's state, group by group, in configuration order. */
    public List<UpstreamStatus> statuses() {
        List<UpstreamStatus> all = new ArrayList<>();
        for (GroupHealth group : groups.values()) {
            for (UpstreamState member : group.members()) {
                all.add(member.status());
            }
        }
        return all;
    }

    /** The status of one upstream, or null when the registry does not know it. */
    public UpstreamStatus status(String groupId, String upstreamId) {
        UpstreamState state = states.get(new Key(groupId, upstreamId));
        return state == null ? null : state.status();
    }

    @Override
    public String toString() {
        return "UpstreamRegistry[" + states.size() + " upstreams in " + groups.size() + " groups]";
    }
}

package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.forward.ForwardFailure;
import io.gatehouse.proxy.health.AvailableUpstreams;
import io.gatehouse.proxy.health.Endpoint;
import io.gatehouse.proxy.health.GroupHealth;
import io.gatehouse.proxy.health.UpstreamState;
import io.gatehouse.proxy.http.RequestView;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The load balancer stage of one group under one configuration, in order: the available
 * upstreams ({@link GroupHealth}: health, ejection, panic), less those at the per-upstream
 * concurrency limit and those this request already tried, then session affinity, then the
 * group's {@link Picker}. Lock-free; one per group per compiled configuration.
 */
public final class GroupBalancer {

    private static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

    private final BalancedGroup group;
    private final GroupHealth health;
    private final Picker picker;
    private final int limit;
    private final SessionAffinity affinity;
    private final String[] affinityValues;
    private final Map<String, Integer> affinityMembers = new HashMap<>();
    private final Map<UpstreamState, Integer> memberIndexes = new IdentityHashMap<>();
    private final Map<String, UpstreamState> byId = new HashMap<>();

    private GroupBalancer(BalancedGroup group, GroupHealth health) {
        this.group = group;
        this.health = health;
        List<UpstreamState> members = health.members();
        this.picker = Objects.requireNonNull(group.loadBalancer().newPicker(members),
                () -> "load balancer " + group.loadBalancer() + " of group '" + group.id() + "' made no picker");
        this.limit = group.maxRequestsPerUpstream();
        this.affinity = group.sessionAffinity();
        this.affinityValues = new String[members.size()];
        for (int i = 0; i < members.size(); i++) {
            UpstreamState member = members.get(i);
            memberIndexes.put(member, i);
            byId.put(member.upstreamId(), member);
            if (affinity != null) {
                affinityValues[i] = affinity.cookieValue(group.id(), member.upstream());
                affinityMembers.put(affinityValues[i], i);
            }
        }
    }

    /** The balancer of a group whose health view was bound from the same configuration. */
    public static GroupBalancer of(BalancedGroup group, GroupHealth health) {
        if (!group.id().equals(health.groupId()) || group.upstreams().size() != health.members().size()) {
            throw new IllegalArgumentException("health view " + health + " does not belong to group '" + group.id() + "'");
        }
        return new GroupBalancer(group, health);
    }

    /** The group as configured. */
    public BalancedGroup group() {
        return group;
    }

    /** The group's health view. */
    public GroupHealth health() {
        return health;
    }

    /** The most attempts under way on one upstream of the group; 0 for no limit. */
    public int limit() {
        return limit;
    }

    /** The state of one of the group's upstreams, or null. */
    public UpstreamState state(Endpoint upstream) {
        return byId.get(upstream.id());
    }

    /** Chooses the upstream for a request's first attempt. */
    public Choice choose(RequestView request) {
        return choose(request, null, null);
    }

    /**
     * Chooses an upstream, avoiding those already tried where another exists: first any untried
     * one, else any but the last tried, else any.
     *
     * @param tried the upstreams this request already tried; may be null
     * @param last the upstream of the attempt that just failed; may be null
     */
    public Choice choose(RequestView request, Collection<UpstreamState> tried, UpstreamState last) {
        long now = health.nanoTime();
        AvailableUpstreams available = health.available(now);
        if (available.isEmpty()) {
            return Choice.none(ForwardFailure.NO_UPSTREAM, health.retryAfter(now));
        }
        boolean[] busy = limit > 0 ? busy(available) : null;
        int inFlight = health.inFlight();
        Candidates candidates;
        if (tried == null || tried.isEmpty()) {
            candidates = Candidates.excluding(available, busy, now, inFlight);
        } else {
            candidates = Candidates.excluding(available, exclude(busy, tried), now, inFlight);
            if (candidates.isEmpty() && last != null) {
                candidates = Candidates.excluding(available, exclude(busy, List.of(last)), now, inFlight);
            }
            if (candidates.isEmpty()) {
                candidates = Candidates.excluding(available, busy, now, inFlight);
            }
        }
        if (candidates.isEmpty()) {
            return Choice.none(ForwardFailure.UPSTREAMS_BUSY, BUSY_RETRY_AFTER);
        }
        if (affinity != null) {
            Integer member = affinityMembers.get(affinity.requested(request));
            if (member != null && candidates.containsMember(member)) {
                return Choice.of(health.members().get(member));
            }
        }
        UpstreamState picked = picker.pick(candidates, request);
        if (picked == null) {
            return Choice.none(ForwardFailure.NO_UPSTREAM, health.retryAfter(now));
        }
        Integer member = memberIndexes.get(picked);
        if (member == null || !candidates.containsMember(member)) {
            throw new IllegalStateException("load balancer " + group.loadBalancer() + " of group '" + group.id()
                    + "' picked '" + picked + "', which is not one of its candidates " + candidates);
        }
        return Choice.of(picked);
    }

    /** Whether an upstream other than {@code state} is available and under its limit now. */
    public boolean hasOtherThan(UpstreamState state) {
        AvailableUpstreams available = health.available();
        for (int i = 0, n = available.size(); i < n; i++) {
            UpstreamState candidate = available.get(i);
            if (candidate != state && (limit <= 0 || candidate.inFlight() < limit)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code Set-Cookie} value that pins the client to {@code chosen}, or null when the group
     * has no session affinity or the request's cookie already names it.
     */
    public String affinityCookie(RequestView request, UpstreamState chosen) {
        if (affinity == null) {
            return null;
        }
        Integer member = memberIndexes.get(chosen);
        if (member == null) {
            return null;
        }
        String value = affinityValues[member];
        return value.equals(affinity.requested(request)) ? null : affinity.setCookie(value, request);
    }

    private boolean[] busy(AvailableUpstreams available) {
        boolean[] busy = null;
        for (int i = 0, n = available.size(); i < n; i++) {
            if (available.get(i).inFlight() >= limit) {
                if (busy == null) {
                    busy = new boolean[available.memberCount()];
                }
                busy[available.memberIndex(i)] = true;
            }
        }
        return busy;
    }

    private boolean[] exclude(boolean[] busy, Collection<UpstreamState> states) {
        boolean[] excluded = busy == null ? new boolean[health.members().size()] : busy.clone();
        for (UpstreamState state : states) {
            Integer member = memberIndexes.get(state);
            if (member != null) {
                excluded[member] = true;
            }
        }
        return excluded;
    }

    @Override
    public String toString() {
        return "GroupBalancer[" + group.id() + ", " + group.loadBalancer() + "]";
    }
}

package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.health.UpstreamState;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Round robin over the candidates with one atomic counter per group, ignoring weights. */
final class RoundRobin implements LoadBalancer {

    @Override
    public Picker newPicker(List<UpstreamState> members) {
        AtomicInteger next = new AtomicInteger();
        return (candidates, request) -> candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
    }

    @Override
    public String toString() {
        return "roundRobin";
    }
}

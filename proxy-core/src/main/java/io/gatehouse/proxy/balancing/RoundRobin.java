package io.gatehouse.proxy.balancing;

import io.gatehouse.proxy.Upstream;
import io.gatehouse.proxy.http.RequestView;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Round robin over the candidates with one atomic counter. */
final class RoundRobin implements LoadBalancer {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Upstream choose(List<Upstream> candidates, RequestView request) {
        return candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
    }

    @Override
    public String toString() {
        return "roundRobin";
    }
}

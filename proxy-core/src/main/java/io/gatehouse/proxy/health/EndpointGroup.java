package io.gatehouse.proxy.health;

import java.time.Duration;
import java.util.List;

/**
 * A group of upstreams as health sees it: its id, its members in order, and how their health is
 * watched. The configuration's {@code UpstreamGroup} implements it (through
 * {@link io.gatehouse.proxy.balancing.BalancedGroup}); {@link UpstreamRegistry#bind} binds one.
 */
public interface EndpointGroup {

    /** The group's id, unique in the configuration. */
    String id();

    /** The upstreams, in order; the index is the member index. */
    List<? extends Endpoint> upstreams();

    /** The active health check, or null when the group has none (upstreams count as healthy). */
    HealthCheck healthCheck();

    /** Passive outlier detection. */
    OutlierDetection outlierDetection();

    /** The window over which an upstream that becomes healthy ramps its weight up; zero for none. */
    Duration slowStart();

    /** Whether requests are spread over every upstream when none is healthy, rather than refused. */
    boolean panicMode();
}

package io.gatehouse.proxy.health;

import java.time.Duration;

/**
 * A snapshot of one upstream's runtime state, for metrics and status pages.
 *
 * @param groupId the group
 * @param upstreamId the upstream
 * @param health what the proxy believes about it
 * @param available whether the load balancer may choose it now (panic mode aside)
 * @param reason the reason of the last health change, empty when there was none
 * @param inFlight the attempts under way
 * @param latency the peak-EWMA latency, decayed to now; zero before the first sample
 * @param consecutiveFailures failed attempts in a row (passive detection's counter)
 * @param ejections recent ejections (the multiplier of the next ejection time, minus one)
 * @param ejectedFor the ejection time left; zero when not ejected
 * @param weightFactor the slow-start factor applied to the weight, 0.1 to 1
 */
public record UpstreamStatus(String groupId, String upstreamId, Health health, boolean available, String reason,
                             int inFlight, Duration latency, int consecutiveFailures, int ejections,
                             Duration ejectedFor, double weightFactor) {
}

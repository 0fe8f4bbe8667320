package io.gatehouse.proxy.health;

/**
 * One change of an upstream's health, as logged and as handed to {@link HealthListener}s.
 *
 * @param groupId the upstream's group
 * @param upstreamId the upstream
 * @param from the health before
 * @param to the health after
 * @param reason why, in words, e.g. {@code 5 consecutive failures (last: connect failure); ejected for PT30S}
 */
public record HealthChange(String groupId, String upstreamId, Health from, Health to, String reason) {
}

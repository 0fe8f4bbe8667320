package io.gatehouse.proxy.observe;

/**
 * An upstream's health changed.
 *
 * @param groupId the upstream's group
 * @param upstreamId the upstream
 * @param from the health before: {@code UNKNOWN}, {@code HEALTHY}, {@code UNHEALTHY} or {@code EJECTED}
 * @param to the health after, same values
 * @param reason why, in words
 */
public record UpstreamHealthChanged(String groupId, String upstreamId, String from, String to, String reason) {

    /** Whether passive outlier detection just ejected the upstream. */
    public boolean ejected() {
        return "EJECTED".equals(to);
    }
}

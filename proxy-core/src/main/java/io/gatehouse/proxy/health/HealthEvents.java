package io.gatehouse.proxy.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each health change once (INFO, with its reason) and hands it to the registry's listener. */
final class HealthEvents {

    private static final Logger LOG = LoggerFactory.getLogger("io.gatehouse.proxy.health");

    private final HealthListener listener;

    HealthEvents(HealthListener listener) {
        this.listener = listener;
    }

    /** A change of one upstream; {@code quiet} changes (first check of a new upstream) are logged at DEBUG. */
    void change(UpstreamState state, Health from, Health to, String reason, boolean quiet) {
        if (quiet) {
            LOG.debug("upstream '{}' of group '{}': {} -> {} ({})", state.upstreamId(), state.groupId(), from, to, reason);
        } else {
            LOG.info("upstream '{}' of group '{}': {} -> {} ({})", state.upstreamId(), state.groupId(), from, to, reason);
        }
        try {
            listener.onChange(new HealthChange(state.groupId(), state.upstreamId(), from, to, reason));
        } catch (RuntimeException e) {
            LOG.warn("health listener failed on a change of upstream '{}'", state.upstreamId(), e);
        }
    }

    /** A group-wide notice (panic mode entered or left, an ejection held back by the maximum share). */
    void notice(String message, Object... arguments) {
        LOG.info(message, arguments);
    }
}

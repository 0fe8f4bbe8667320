package io.gatehouse.proxy.health;

/**
 * Hears every change of an upstream's health, once, after it was logged; for metrics and status
 * pages. Called on whichever thread noticed the change (a request or probe thread): it must be
 * quick and must not block.
 */
@FunctionalInterface
public interface HealthListener {

    /** One upstream's health changed. */
    void onChange(HealthChange change);

    /** A listener that does nothing. */
    static HealthListener none() {
        return change -> { };
    }
}

package io.gatehouse.proxy.health;

/** What the proxy believes about an upstream's health. */
public enum Health {

    /** Active checks are configured but none has answered yet; the upstream receives traffic. */
    UNKNOWN,
    /** Serving: active checks pass (or there are none) and outlier detection has not ejected it. */
    HEALTHY,
    /** Active health checks failed the unhealthy threshold; no traffic until they pass again. */
    UNHEALTHY,
    /** Passive outlier detection ejected it after consecutive failures; it returns on its own. */
    EJECTED
}

/**
 * Observers of the core's {@code observe} SPI that need a library the core does without (ADR
 * 0015): {@link io.gatehouse.proxy.micrometer.GatehouseMetrics} (Micrometer meters per route and
 * upstream, bounded tags) and {@link io.gatehouse.proxy.micrometer.OpenTelemetryObserver} (a span
 * per attempt through the OpenTelemetry API, optional).
 */
package io.gatehouse.proxy.micrometer;

/**
 * Gatehouse in a Spring Boot 4 application (ADR 0018): {@link io.gatehouse.spring.GatehouseAutoConfiguration}
 * reads the {@code gatehouse:} subtree of the application's configuration with the file reader of
 * {@code proxy-config} (the same schema, the same errors, placed at the property and its origin)
 * and serves the proxy from its own Jetty (ee10) server on its own port,
 * {@link io.gatehouse.spring.GatehouseServer}, a {@code SmartLifecycle}.
 */
package io.gatehouse.spring;

/**
 * The configuration file: a YAML document read with SnakeYAML Engine and turned into a
 * {@link io.gatehouse.proxy.ProxyConfig} through its builder, so that the file is validated by
 * the same code as a configuration written in Java (ADR 0013). Every error names the file, line,
 * column and field ({@link io.gatehouse.proxy.config.ConfigFileException}); a
 * {@link io.gatehouse.proxy.config.ConfigWatcher} reloads the file when it changes and keeps the
 * last good configuration when the new one is invalid. Outside the request's way: it only makes
 * configurations.
 */
package io.gatehouse.proxy.config;

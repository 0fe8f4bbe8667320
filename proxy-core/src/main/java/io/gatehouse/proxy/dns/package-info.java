/**
 * Upstreams given by host name, resolved again from time to time (ADR 0019): a
 * {@link io.gatehouse.proxy.dns.HostResolver} (the JDK's by default, a fake in tests) and
 * {@link io.gatehouse.proxy.dns.ResolvedNames}, which decides when a name is due, keeps the last
 * good answer when DNS fails, and tells whether an answer changed, so that a configuration
 * layer can rebuild the group with one upstream per address. Depends on nothing else in the core.
 */
package io.gatehouse.proxy.dns;

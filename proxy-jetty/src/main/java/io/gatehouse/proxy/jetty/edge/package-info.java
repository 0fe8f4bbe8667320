/**
 * Internal (ADR 0014): what the client sees of the proxy: the proxy-to-client head and body
 * writers, problem responses (RFC 9457) and their log line, and the slow-client defences that
 * {@code EdgeServer} installs. Not API.
 */
package io.gatehouse.proxy.jetty.edge;

/**
 * What the proxy did, told to listeners: the last stage of the request's way ("events to
 * listeners: metrics, access log"). {@link io.gatehouse.proxy.observe.ProxyObserver} has one
 * method per decision, each taking an immutable event record; metrics (proxy-micrometer), the
 * access log ({@link io.gatehouse.proxy.observe.AccessLog}) and tracing plug in here.
 *
 * <p>A leaf of the core's package graph (ADR 0010, ADR 0015): it depends on no other package of
 * the core (its events carry strings, numbers and its own enums), so the engine, the
 * configuration and the adapters may all depend on it.
 */
package io.gatehouse.proxy.observe;

/**
 * Traffic splitting: after the router chose a route and before the load balancer, a route may
 * pick which upstream group serves the request — weighted shares (canary 95/5, optionally sticky
 * by a request key), a header or cookie value (A/B), or the client's network (CIDR list → group).
 * {@link io.gatehouse.proxy.split.TrafficSplit} is immutable configuration and its pick a pure
 * function of the request (and a random number for unsticky weights).
 */
package io.gatehouse.proxy.split;

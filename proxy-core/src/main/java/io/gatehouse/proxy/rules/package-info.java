/**
 * Request rules, a small web application firewall: checks a request must pass, run globally
 * right after the client is identified (before routing) and per route after its access
 * checks. {@link io.gatehouse.proxy.rules.RequestRule} is the hook (request view → pass, or
 * deny with a status); {@link io.gatehouse.proxy.rules.RequestRules} has the built-ins against
 * scrapers and probes (User-Agent, path prefixes / segments / patterns, methods, contradictory
 * headers). Every denial is counted and logged at most once a minute per client by
 * {@link io.gatehouse.proxy.rules.RuleDenials}.
 */
package io.gatehouse.proxy.rules;

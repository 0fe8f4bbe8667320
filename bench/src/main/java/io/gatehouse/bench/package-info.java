/**
 * Helpers of the whole-proxy load test ({@code bench/load.sh}): the stock Jetty proxy servlets
 * that Gatehouse is measured against, a sink for the big-upload check and a client that holds
 * thousands of idle keep-alive connections. None of them is on a request's way through
 * Gatehouse; they stand beside it, on loopback, as baselines and load generators.
 */
package io.gatehouse.bench;

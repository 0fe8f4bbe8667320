/**
 * Runnable programs that show Gatehouse from the host application's side: {@link
 * io.gatehouse.examples.Main} is the {@code gatehouse} command. Without arguments it runs the
 * quick start ({@link io.gatehouse.examples.QuickStart}: a host application with its own pages
 * and the proxy mounted at {@code /api}, in front of three demo backends); its {@code proxy}
 * subcommand ({@link io.gatehouse.examples.ProxyCommand}) is a plain gateway that forwards
 * everything to the upstreams it is given, like Caddy's {@code reverse-proxy}. Both can terminate
 * TLS ({@link io.gatehouse.examples.ServerTls}, with a key store or a certificate generated at
 * start-up by {@link io.gatehouse.examples.StartupCertificate}). Nothing here is
 * part of the library: these classes sit where a host application's own code would.
 */
package io.gatehouse.examples;

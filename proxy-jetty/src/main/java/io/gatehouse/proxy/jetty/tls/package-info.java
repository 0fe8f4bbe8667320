/**
 * Internal (ADR 0014): TLS towards {@code https} upstreams (trust, client certificates, SNI) and
 * the signer behind {@code SelfSignedCertificate}. Not API.
 */
package io.gatehouse.proxy.jetty.tls;

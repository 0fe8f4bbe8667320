package io.gatehouse.proxy.access;

/**
 * Who is asking: the client address the proxy's rules see, and the socket peer it was learnt
 * from. Resolved once per request by {@link ClientAddressResolver}.
 *
 * @param address the client address, canonical ({@link IpAddress#toString()}) when it is an
 *     IP literal, else the peer address as the adapter gave it
 * @param ip the parsed client address, or null when the adapter's peer address is not an IP
 *     literal (then allow lists deny and deny lists do not match)
 * @param peerAddress the socket peer as the adapter gave it
 * @param peerTrusted whether the peer is a trusted proxy, so that its {@code X-Forwarded-For},
 *     {@code Forwarded} and {@code X-Request-Id} may be believed and passed on
 */
public record Client(String address, IpAddress ip, String peerAddress, boolean peerTrusted) {
}

/**
 * Internal (ADR 0014): the WebSocket bridge. Jetty's proxy servlets do not forward WebSocket
 * (jetty/jetty.project#8883), so the client's upgrade ends in the servlet and a second WebSocket
 * goes from the proxy to the upstream; {@link io.gatehouse.proxy.jetty.websocket.FrameRelay}
 * carries each frame across, one frame in flight per direction. Not API.
 */
package io.gatehouse.proxy.jetty.websocket;

package io.vertedge.edge.api;

/**
 * What {@code GET /api/v1/node} shows about this edge.
 *
 * @param cloud the cloud's join address as configured
 * @param transport the link's transport ({@code websocket}/{@code quic}), null when not connected
 * @param outboxDepth messages waiting to go to the cloud
 */
public record EdgeNodeState(String name, String cloud, boolean connected, String transport, long outboxDepth) { }

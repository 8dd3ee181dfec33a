package io.vertedge.cloud.nodes;

/** Answer of {@code POST /api/v1/nodes/{name}/ping}. */
public record PingResult(String node, String transport, double rttMs) { }

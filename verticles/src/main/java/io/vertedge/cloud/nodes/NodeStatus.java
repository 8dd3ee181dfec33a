package io.vertedge.cloud.nodes;

import java.time.Instant;

/** A node as the cloud API shows it (API.md section 5, "Node"). */
public record NodeStatus(String name, boolean connected, String transport, String remoteAddress,
                         Instant connectedSince, Instant lastHeartbeat, long messagesIn, long messagesOut,
                         long bytesIn, long bytesOut, String version) { }

package io.vertedge.cloud.nodes;

import java.time.Instant;

/** The durable facts about a node that has joined: which certificate it currently holds. */
public record JoinedNode(String name, String serialHex, Instant notAfter, Instant joinedAt) { }

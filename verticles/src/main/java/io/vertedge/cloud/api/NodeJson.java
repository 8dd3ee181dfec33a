package io.vertedge.cloud.api;

import io.vertedge.cloud.nodes.NodeStatus;
import io.vertedge.cloud.nodes.PingResult;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The JSON shapes of the node routes (API.md section 5, "Node"). */
final class NodeJson {

  private NodeJson() { }

  static JsonObject of(NodeStatus node) {
    return new JsonObject()
        .put("name", node.name())
        .put("connected", node.connected())
        .put("transport", node.transport())
        .put("remoteAddress", node.remoteAddress())
        .put("connectedSince", timestamp(node.connectedSince()))
        .put("lastHeartbeat", timestamp(node.lastHeartbeat()))
        .put("messagesIn", node.messagesIn())
        .put("messagesOut", node.messagesOut())
        .put("bytesIn", node.bytesIn())
        .put("bytesOut", node.bytesOut())
        .put("version", node.version());
  }

  static JsonObject of(PingResult ping) {
    return new JsonObject()
        .put("node", ping.node())
        .put("transport", ping.transport())
        .put("rttMs", ping.rttMs());
  }

  /**
   * RFC 3339 in UTC with seconds precision, as Kubernetes writes its times
   * ({@code 2026-11-25T10:00:00Z}); null stays null.
   */
  static String timestamp(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}

package io.vertedge.cloud.nodes;

import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * What the cloud API may ask about nodes: joined nodes merged with their live link sessions.
 * Failures are {@link io.vertedge.api.ApiException}s (404 unknown, 503 not connected, 504 no answer).
 */
public interface NodeDirectory {

  List<NodeStatus> list();

  Optional<NodeStatus> get(String name);

  /** Closes the node's link and revokes its certificate; false if the node is unknown. */
  Future<Boolean> delete(String name);

  Future<PingResult> ping(String name);
}

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

  /**
   * Sends a request to the node and completes with its answer: 404 unknown node, 503 not
   * connected or its link went down meanwhile, 504 no answer within {@code timeout}, all as
   * {@link io.vertedge.api.ApiException}s.
   */
  Future<io.vertedge.link.proto.Envelope> call(String name, io.vertedge.link.proto.Envelope request,
                                               java.time.Duration timeout);
}

package io.vertedge.cloud.api;

import io.vertedge.api.ApiException;
import io.vertedge.cloud.nodes.NodeDirectory;
import io.vertedge.cloud.nodes.NodeStatus;
import io.vertedge.cloud.nodes.PingResult;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link NodeDirectory} held in memory for API tests: connected nodes answer pings at once,
 * disconnected ones fail with 503, and nodes marked silent fail with 504 as a node that does
 * not answer in 5 s would.
 */
final class InMemoryNodeDirectory implements NodeDirectory {

  private final Map<String, NodeStatus> nodes = new ConcurrentSkipListMap<>();
  private final Set<String> silent = ConcurrentHashMap.newKeySet();

  InMemoryNodeDirectory add(NodeStatus node) {
    nodes.put(node.name(), node);
    return this;
  }

  InMemoryNodeDirectory silent(String name) {
    silent.add(name);
    return this;
  }

  @Override
  public List<NodeStatus> list() {
    return List.copyOf(nodes.values());
  }

  @Override
  public Optional<NodeStatus> get(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  @Override
  public Future<Boolean> delete(String name) {
    return Future.succeededFuture(nodes.remove(name) != null);
  }

  @Override
  public Future<PingResult> ping(String name) {
    NodeStatus node = nodes.get(name);
    if (node == null) {
      return Future.failedFuture(NodeRoutes.notFound(name));
    }
    if (!node.connected()) {
      return Future.failedFuture(ApiException.unavailable("node " + name + " is not connected"));
    }
    if (silent.contains(name)) {
      return Future.failedFuture(ApiException.timeout("node " + name + " did not answer in 5s"));
    }
    return Future.succeededFuture(new PingResult(name, node.transport(), 0.41));
  }

  @Override
  public Future<io.vertedge.link.proto.Envelope> call(String name, io.vertedge.link.proto.Envelope request,
                                                      java.time.Duration timeout) {
    return Future.failedFuture(io.vertedge.api.ApiException.unavailable("node " + name + " is not connected"));
  }
}

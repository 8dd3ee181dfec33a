package io.vertedge.cloud.hub;

import io.vertedge.api.ApiException;
import io.vertedge.cloud.nodes.JoinedNode;
import io.vertedge.cloud.nodes.NodeDirectory;
import io.vertedge.cloud.nodes.NodeRegistry;
import io.vertedge.cloud.nodes.NodeStatus;
import io.vertedge.cloud.nodes.PingResult;
import io.vertedge.link.Link;
import io.vertedge.link.calls.LinkCalls;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/** Nodes as the API shows them: every joined node, with its live link if it has one. */
public final class CloudNodeDirectory implements NodeDirectory {

  private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

  private final NodeRegistry registry;
  private final NodeSessions sessions;
  private final LinkCalls calls;

  public CloudNodeDirectory(NodeRegistry registry, NodeSessions sessions, LinkCalls calls) {
    this.registry = registry;
    this.sessions = sessions;
    this.calls = calls;
  }

  @Override
  public List<NodeStatus> list() {
    TreeMap<String, NodeStatus> byName = new TreeMap<>();
    registry.all().forEach(node -> byName.put(node.name(), offline(node.name())));
    sessions.all().forEach(session -> byName.put(session.link().node(), online(session.link())));
    return List.copyOf(byName.values());
  }

  @Override
  public Optional<NodeStatus> get(String name) {
    Optional<NodeSessions.Session> session = sessions.get(name);
    if (session.isPresent()) {
      return Optional.of(online(session.get().link()));
    }
    return registry.find(name).map(JoinedNode::name).map(CloudNodeDirectory::offline);
  }

  @Override
  public Future<Boolean> delete(String name) {
    sessions.get(name).ifPresent(session -> session.call(link -> link.close("node " + name + " was deleted")));
    return registry.delete(name).map(known -> known || sessions.get(name).isPresent());
  }

  @Override
  public Future<Envelope> call(String name, Envelope request, Duration timeout) {
    Optional<NodeSessions.Session> session = sessions.get(name);
    if (session.isEmpty()) {
      return Future.failedFuture(away(name));
    }
    return session.get().call(link -> calls.call(link, request, timeout))
        .recover(failure -> Future.failedFuture(failure instanceof TimeoutException
            ? ApiException.timeout("node " + name + " did not answer within " + timeout.toSeconds() + " s")
            : ApiException.unavailable("node " + name + " is not connected: " + failure.getMessage())));
  }

  private ApiException away(String name) {
    return registry.find(name).isPresent()
        ? ApiException.unavailable("node " + name + " is not connected")
        : ApiException.notFound("nodes \"" + name + "\" not found");
  }

  @Override
  public Future<PingResult> ping(String name) {
    Optional<NodeSessions.Session> session = sessions.get(name);
    if (session.isEmpty()) {
      return Future.failedFuture(away(name));
    }
    Link link = session.get().link();
    return session.get().call(l -> l.ping(PING_TIMEOUT))
        .map(rtt -> new PingResult(name, link.transport(), rtt.toNanos() / 1_000_000.0))
        .recover(failure -> Future.failedFuture(failure instanceof TimeoutException
            ? ApiException.timeout("node " + name + " did not answer within " + PING_TIMEOUT.toSeconds() + " s")
            : ApiException.unavailable("node " + name + " is not connected: " + failure.getMessage())));
  }

  private static NodeStatus offline(String name) {
    return new NodeStatus(name, false, null, null, null, null, 0, 0, 0, 0, null);
  }

  private static NodeStatus online(Link link) {
    return new NodeStatus(link.node(), link.isOpen(), link.transport(), String.valueOf(link.remoteAddress()),
        link.connectedSince(), link.lastHeartbeat(), link.messagesIn(), link.messagesOut(),
        link.bytesIn(), link.bytesOut(), link.peerVersion());
  }
}

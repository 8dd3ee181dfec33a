package io.vertedge.cloud.hub;

import io.vertedge.cloud.nodes.NodeRegistry;
import io.vertedge.link.Link;
import io.vertedge.link.LinkAcceptor;
import io.vertedge.link.LinkListener;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.LinkTls;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.websocket.WebSocketLinkListener;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Accepts edge links, authenticates each node at the hello and keeps one session per node: a
 * new authenticated link from the same node replaces the old one, which is closed with a reason.
 * The listener spreads links over all of Vert.x's event loops; each link is only touched on its own.
 */
public final class CloudHub extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(CloudHub.class);

  /** What the hub needs; {@code upstream} receives every application envelope from an edge. */
  public record Deps(LinkTls tls, LinkSettings settings, LinkMetrics metrics, NodeRegistry registry,
                     NodeSessions sessions, String host, int websocketPort, BiConsumer<String, Envelope> upstream) { }

  private final Deps deps;
  private LinkListener listener;
  private volatile int actualPort;

  public CloudHub(Deps deps) {
    this.deps = deps;
  }

  /** The WebSocket port actually bound (useful with port 0). */
  public int websocketPort() {
    return actualPort;
  }

  @Override
  public Future<?> start() {
    LinkAcceptor acceptor = new LinkAcceptor(vertx, deps.settings(), deps.metrics(),
        new RevocationAwareVerifier(deps.registry()));
    listener = new WebSocketLinkListener(vertx, deps.tls(), deps.settings().maxFrameSize(), deps.metrics());
    listener.connectionHandler(connection -> acceptor.accept(connection).onSuccess(this::register));
    return listener.listen(deps.host(), deps.websocketPort()).onSuccess(port -> {
      actualPort = port;
      log.info("cloud hub: edge links on wss://{}:{}{}", deps.host(), port, WebSocketLinkListener.PATH);
    });
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> closing = new ArrayList<>();
    deps.sessions().all().forEach(session -> closing.add(session.call(link -> link.close("cloud shutting down"))));
    return Future.join(closing).compose(v -> listener == null ? Future.succeededFuture() : listener.close());
  }

  /** Runs on the link's own event loop (the listener spreads links over all of them). */
  private void register(Link link) {
    NodeSessions.Session session = new NodeSessions.Session(link, Vertx.currentContext());
    deps.sessions().put(session).ifPresent(previous -> {
      log.info("[node: {}] new link from {} replaces the one from {}", link.node(), link.remoteAddress(),
          previous.link().remoteAddress());
      previous.call(old -> old.close("replaced by a new link from " + link.remoteAddress()));
    });
    log.info("[node: {}, transport: {}, remote: {}, version: {}] link up", link.node(), link.transport(),
        link.remoteAddress(), link.peerVersion());
    link.handler(envelope -> deps.upstream().accept(link.node(), envelope));
    link.closeHandler(closed -> {
      deps.sessions().remove(session);
      log.info("[node: {}, transport: {}] link down ({}): {}", link.node(), link.transport(),
          closed.byPeer() ? "by the edge" : "by the cloud", closed.reason());
    });
  }
}

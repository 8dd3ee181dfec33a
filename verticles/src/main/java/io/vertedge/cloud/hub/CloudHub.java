package io.vertedge.cloud.hub;

import io.vertedge.cloud.nodes.NodeRegistry;
import io.vertedge.delivery.CloudDelivery;
import io.vertedge.link.Link;
import io.vertedge.link.calls.LinkCalls;
import io.vertedge.link.LinkAcceptor;
import io.vertedge.link.LinkListener;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.LinkTls;
import io.vertedge.link.proto.Envelope;
import io.vertedge.api.ApiServers;
import io.vertedge.api.PortInUseException;
import io.vertedge.link.quic.QuicLinkListener;
import io.vertedge.link.quic.QuicSettings;
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
 * Edges come over WebSocket (TCP) or QUIC (UDP), whichever their transport picks; the hub and
 * everything above it do not care which. The WebSocket listener spreads links over all of
 * Vert.x's event loops, QUIC runs on the hub's own; each link is only touched on its loop.
 */
public final class CloudHub extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(CloudHub.class);

  /** What the hub needs; {@code upstream} receives every application envelope from an edge. */
  public record Deps(LinkTls tls, LinkSettings settings, LinkMetrics metrics, NodeRegistry registry,
                     NodeSessions sessions, String host, int websocketPort, int quicPort, QuicSettings quic,
                     CloudDelivery delivery, LinkCalls calls, BiConsumer<String, Envelope> upstream) { }

  private final Deps deps;
  private final List<LinkListener> listeners = new ArrayList<>();
  private volatile int websocketPort;
  private volatile int quicPort;

  public CloudHub(Deps deps) {
    this.deps = deps;
  }

  /** The WebSocket port actually bound (useful with port 0). */
  public int websocketPort() {
    return websocketPort;
  }

  /** The QUIC (UDP) port actually bound. */
  public int quicPort() {
    return quicPort;
  }

  @Override
  public Future<?> start() {
    LinkAcceptor acceptor = new LinkAcceptor(vertx, deps.settings(), deps.metrics(),
        new RevocationAwareVerifier(deps.registry()));
    LinkListener websocket = listener(new WebSocketLinkListener(vertx, deps.tls(), deps.settings().maxFrameSize(),
        deps.metrics()), acceptor);
    LinkListener quic = listener(new QuicLinkListener(vertx, deps.tls(), deps.settings().maxFrameSize(), deps.quic(),
        deps.metrics()), acceptor);
    return websocket.listen(deps.host(), deps.websocketPort())
        .onSuccess(port -> {
          websocketPort = port;
          log.info("cloud hub: edge links on wss://{}:{}{}", deps.host(), port, WebSocketLinkListener.PATH);
        })
        .compose(v -> quic.listen(deps.host(), deps.quicPort()).recover(failure -> Future.failedFuture(
            ApiServers.isAddressInUse(failure)
                ? PortInUseException.forKey("cloud", "link.quicPort", deps.quicPort(), "", failure) : failure)))
        .onSuccess(port -> {
          quicPort = port;
          log.info("cloud hub: edge links on quic://{}:{} (UDP, ALPN vertedge/1)", deps.host(), port);
        });
  }

  private LinkListener listener(LinkListener listener, LinkAcceptor acceptor) {
    listeners.add(listener);
    listener.connectionHandler(connection -> acceptor.accept(connection).onSuccess(this::register));
    return listener;
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> closing = new ArrayList<>();
    deps.sessions().all().forEach(session -> closing.add(session.call(link -> link.close("cloud shutting down"))));
    return Future.join(closing)
        .compose(v -> Future.join(listeners.stream().map(LinkListener::close).toList()));
  }

  /** Runs on the link's own event loop (the listener spreads links over all of them). */
  private void register(Link link) {
    NodeSessions.Session session = new NodeSessions.Session(link, Vertx.currentContext());
    // first, so that whatever happens below, a link that ends is forgotten
    link.closeHandler(closed -> {
      deps.sessions().remove(session);
      deps.calls().linkClosed(link, closed.reason());
      log.info("[node: {}, transport: {}] link down ({}): {}", link.node(), link.transport(),
          closed.byPeer() ? "by the edge" : "by the cloud", closed.reason());
    });
    deps.sessions().put(session).ifPresent(previous -> {
      log.info("[node: {}] new link from {} replaces the one from {}", link.node(), link.remoteAddress(),
          previous.link().remoteAddress());
      previous.call(old -> old.close("replaced by a new link from " + link.remoteAddress()));
    });
    log.info("[node: {}, transport: {}, remote: {}, version: {}] link up", link.node(), link.transport(),
        link.remoteAddress(), link.peerVersion());
    try {
      deps.delivery().session(link.node(), Vertx.currentContext())
          .bind(link, envelope -> {
            if (!deps.calls().answer(envelope)) {
              deps.upstream().accept(link.node(), envelope);
            }
          });
    } catch (RuntimeException | Error e) {
      log.error("[node: {}] setting up reliable delivery failed; closing the link", link.node(), e);
      link.close("internal error in the cloud: " + e);
    }
  }
}

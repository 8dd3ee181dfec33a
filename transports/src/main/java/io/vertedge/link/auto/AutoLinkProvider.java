package io.vertedge.link.auto;

import io.vertedge.link.Connection;
import io.vertedge.link.Link;
import io.vertedge.link.LinkEndpoints;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkProvider;
import io.vertedge.link.LinkTls;
import io.vertedge.link.quic.QuicLinkProvider;
import io.vertedge.link.quic.QuicSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Transport {@code auto}: QUIC when a QUIC handshake completes within
 * {@code link.quicHandshakeTimeout}, else WebSocket at once; then, while on WebSocket, a QUIC
 * probe after 5 s, the wait doubling up to {@code link.quicProbeInterval}. A handshake that was
 * merely slow (a cold JVM on a small board) goes on in the background and is used as soon as it
 * completes, so a slow start does not strand an edge on WebSocket.
 */
public final class AutoLinkProvider implements LinkProvider {

  private static final Logger log = LoggerFactory.getLogger(AutoLinkProvider.class);
  /** How long a QUIC handshake may take in the background, where nobody waits for it. */
  private static final Duration BACKGROUND_HANDSHAKE = Duration.ofSeconds(15);

  private final Vertx vertx;
  private final QuicLinkProvider quic;
  private final LinkProvider websocket;
  private final QuicSettings settings;
  private final LinkMetrics metrics;
  private LinkEndpoints endpoints;
  /** A QUIC connection past its TLS handshake, waiting for the next connect to say hello on it. */
  private Connection ready;
  private Runnable readyListener;

  public AutoLinkProvider(Vertx vertx, QuicLinkProvider quic, LinkProvider websocket, QuicSettings settings,
                          LinkMetrics metrics) {
    this.vertx = vertx;
    this.quic = quic;
    this.websocket = websocket;
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public String transport() {
    return "auto";
  }

  @Override
  public Future<Link> connect(LinkEndpoints target, String nodeName) {
    this.endpoints = target;
    Connection waiting = takeReady();
    if (waiting != null) {
      return quic.hello(waiting, nodeName);
    }
    if (target.quic() == null || target.quic().isBlank()) {
      return websocket.connect(target, nodeName);
    }
    Promise<Link> result = Promise.promise();
    boolean[] fellBack = {false};
    Future<Connection> attempt = quic.dial(target, BACKGROUND_HANDSHAKE.plus(settings.handshakeTimeout()));
    long timer = vertx.setTimer(settings.handshakeTimeout().toMillis(), id -> {
      fellBack[0] = true;
      fallBack(target, nodeName, "no QUIC handshake within " + settings.handshakeTimeout().toMillis() + " ms", result);
    });
    attempt.onComplete(ar -> {
      if (fellBack[0]) {
        if (ar.succeeded()) {
          keepReady(ar.result());
        }
        return;
      }
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        quic.hello(ar.result(), nodeName).onComplete(result);
      } else {
        fallBack(target, nodeName, ar.cause().getMessage(), result);
      }
    });
    return result.future();
  }

  @Override
  public void watchForBetter(Link link, Runnable better) {
    if (!"websocket".equals(link.transport()) || endpoints == null || endpoints.quic() == null
        || endpoints.quic().isBlank()) {
      return;
    }
    if (ready != null) {
      better.run();
      return;
    }
    readyListener = better;
    Duration first = QuicSettings.FIRST_PROBE.compareTo(settings.probeInterval()) < 0
        ? QuicSettings.FIRST_PROBE : settings.probeInterval();
    scheduleProbe(link, better, first);
  }

  @Override
  public void updateTls(LinkTls tls) {
    quic.updateTls(tls);
    websocket.updateTls(tls);
    Connection stale = takeReady();
    if (stale != null) {
      stale.close("certificate renewed");
    }
  }

  @Override
  public Future<Void> close() {
    Connection waiting = takeReady();
    if (waiting != null) {
      waiting.close("edge stopping");
    }
    return Future.join(quic.close(), websocket.close()).mapEmpty();
  }

  private void fallBack(LinkEndpoints target, String nodeName, String why, Promise<Link> result) {
    metrics.transportChanged("quic", "websocket");
    log.info("QUIC to {} did not get through ({}); using WebSocket and probing QUIC", target.quic(), why);
    websocket.connect(target, nodeName).onComplete(result);
  }

  private void scheduleProbe(Link link, Runnable better, Duration wait) {
    vertx.setTimer(wait.toMillis(), id -> {
      if (!link.isOpen() || readyListener != better) {
        return;
      }
      if (ready != null) {
        better.run();
        return;
      }
      quic.dial(endpoints, BACKGROUND_HANDSHAKE)
          .onSuccess(this::keepReady)
          .onFailure(failure -> {
            Duration next = wait.multipliedBy(2).compareTo(settings.probeInterval()) > 0
                ? settings.probeInterval() : wait.multipliedBy(2);
            log.debug("QUIC probe to {} failed ({}); next in {} s", endpoints.quic(), failure.getMessage(), next.toSeconds());
            scheduleProbe(link, better, next);
          });
    });
  }

  /** Holds a handshaken QUIC connection for the next connect, and tells the watcher. */
  private void keepReady(Connection connection) {
    if (ready != null) {
      connection.close("a QUIC connection is already waiting");
      return;
    }
    ready = connection;
    connection.closedHandler(reason -> {
      if (ready == connection) {
        ready = null;
      }
    });
    Runnable listener = readyListener;
    readyListener = null;
    if (listener != null) {
      metrics.transportChanged("websocket", "quic");
      log.info("QUIC to {} gets through: moving the link over from WebSocket", endpoints.quic());
      listener.run();
    }
  }

  private Connection takeReady() {
    Connection waiting = ready;
    ready = null;
    return waiting;
  }
}

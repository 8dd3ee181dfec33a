package io.vertedge.link;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps one link to the cloud up: dials through the {@link LinkProvider}, and after every
 * failure or loss dials again after an exponential backoff with full jitter (0.5 s to 30 s).
 * An outage is logged once when it starts and once when it ends, not on every attempt.
 */
public final class LinkKeeper {

  private static final Logger log = LoggerFactory.getLogger(LinkKeeper.class);

  private final Vertx vertx;
  private final LinkProvider provider;
  private final Supplier<Future<LinkEndpoints>> endpoints;
  private final String nodeName;
  private final Backoff backoff;
  private Handler<Link> linkHandler = link -> { };
  private volatile Link current;
  private boolean running;
  private long retryTimer = -1;
  private String lastFailure;
  private int failedAttempts;
  private Link movingFrom;

  public LinkKeeper(Vertx vertx, LinkProvider provider, Supplier<Future<LinkEndpoints>> endpoints,
                    String nodeName, Backoff backoff) {
    this.vertx = vertx;
    this.provider = provider;
    this.endpoints = endpoints;
    this.nodeName = nodeName;
    this.backoff = backoff;
  }

  /**
   * Called with every new link, on the keeper's context. The keeper keeps the link's close
   * handler for itself (that is how it knows to redial); the handler may set the envelope handler.
   */
  public LinkKeeper linkHandler(Handler<Link> handler) {
    this.linkHandler = handler;
    return this;
  }

  public void start() {
    running = true;
    dial();
  }

  /** The link if it is up; safe to read from any thread. */
  public Optional<Link> current() {
    Link link = current;
    return link != null && link.isOpen() ? Optional.of(link) : Optional.empty();
  }

  /** Closes the current link with a reason and stops dialing. */
  public Future<Void> stop(String reason) {
    running = false;
    vertx.cancelTimer(retryTimer);
    Link link = current;
    current = null;
    return link == null ? Future.succeededFuture() : link.close(reason);
  }

  /** Drops the current link and dials again at once, e.g. with a renewed certificate. */
  public void reconnect(String reason) {
    Link link = current;
    if (link != null && link.isOpen()) {
      link.close(reason);
    }
  }

  private void dial() {
    if (!running) {
      return;
    }
    endpoints.get()
        .compose(target -> provider.connect(target, nodeName))
        .onSuccess(this::connected)
        .onFailure(this::failed);
  }

  private void connected(Link link) {
    if (!running) {
      link.close("edge stopping");
      return;
    }
    if (failedAttempts > 0) {
      log.info("[node: {}] link back after {} failed attempts", nodeName, failedAttempts);
    }
    log.info("[node: {}, transport: {}, remote: {}] link up", nodeName, link.transport(), link.remoteAddress());
    backoff.reset();
    failedAttempts = 0;
    lastFailure = null;
    current = link;
    link.closeHandler(closed -> {
      if (link == movingFrom) {
        return;
      }
      log.warn("[node: {}, transport: {}] link down ({}): {}", nodeName, link.transport(),
          closed.byPeer() ? "by the cloud" : "by the edge", closed.reason());
      if (current == link) {
        current = null;
      }
      scheduleDial();
    });
    linkHandler.handle(link);
    provider.watchForBetter(link, () -> moveOver(link));
  }

  /**
   * Gives up a working link for a better transport without cutting anything off: waits until
   * the transport took everything sent, closes (the close completes once the cloud read it all),
   * and only then says hello on the new transport, so the cloud sees the old link end first.
   */
  private void moveOver(Link from) {
    if (!running || current != from || !from.isOpen()) {
      return;
    }
    current = null;
    movingFrom = from;
    log.info("[node: {}, transport: {}] moving the link to a better transport", nodeName, from.transport());
    from.flushed()
        .compose(v -> from.close("moving to another transport"))
        .onComplete(v -> {
          movingFrom = null;
          dial();
        });
  }

  private void failed(Throwable failure) {
    String reason = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    failedAttempts++;
    if (!reason.equals(lastFailure)) {
      log.warn("[node: {}] cannot open the link: {} (retrying with backoff)", nodeName, reason);
      lastFailure = reason;
    } else {
      log.debug("[node: {}] attempt {} failed: {}", nodeName, failedAttempts, reason);
    }
    scheduleDial();
  }

  private void scheduleDial() {
    if (!running) {
      return;
    }
    retryTimer = vertx.setTimer(backoff.nextDelayMillis(), id -> dial());
  }
}

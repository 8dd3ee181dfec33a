package io.vertedge.edge.mqtt;

import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The sessions by client id: a connection opens (or takes over) one, and a persistent one
 * outlives its connection until it expires. Used on the broker's event loop.
 */
final class SessionStore {

  /** The session a connection got, and whether it existed before (CONNACK's session present). */
  record Opened(Session session, boolean present) {
  }

  private final Map<String, Session> sessions = new HashMap<>();
  private final Vertx vertx;
  private final BrokerLimits limits;
  private final BrokerMetrics metrics;
  private final Router router;

  SessionStore(Vertx vertx, BrokerLimits limits, BrokerMetrics metrics, Router router) {
    this.vertx = vertx;
    this.limits = limits;
    this.metrics = metrics;
    this.router = router;
  }

  /**
   * The session of {@code clientId}: a connection holding it is closed first (taken over); with
   * {@code cleanStart} an existing session is ended and a new one made.
   */
  Opened open(String clientId, boolean cleanStart) {
    Session existing = sessions.get(clientId);
    if (existing != null && existing.online()) {
      existing.link().takenOver();
    }
    existing = sessions.get(clientId);
    if (existing != null) {
      vertx.cancelTimer(existing.expiryTimer);
      if (!cleanStart) {
        return new Opened(existing, true);
      }
      end(existing);
    }
    Session created = new Session(clientId, vertx, limits, metrics);
    sessions.put(clientId, created);
    metrics.sessions(1);
    return new Opened(created, false);
  }

  /**
   * The connection is gone: queued QoS 0 messages are dropped for {@code reason}; the session
   * ends, or waits offline for its {@link Session#keepFor()}.
   */
  void disconnected(Session session, SessionLink link, BrokerMetrics.Drop reason) {
    if (!session.detach(link, reason)) {
      return;
    }
    Duration keep = session.keepFor();
    if (keep.isZero()) {
      end(session);
      return;
    }
    session.expiryTimer = vertx.setTimer(Math.max(1, keep.toMillis()), id -> {
      if (!session.online()) {
        end(session);
      }
    });
  }

  /** Ends a session: its subscriptions and whatever it held go. */
  void end(Session session) {
    if (sessions.remove(session.clientId(), session)) {
      metrics.sessions(-1);
    }
    vertx.cancelTimer(session.expiryTimer);
    for (Subscription subscription : session.subscriptions().values()) {
      router.unsubscribe(subscription);
    }
    session.subscriptions().clear();
    session.end();
  }

  void endAll() {
    new ArrayList<>(sessions.values()).forEach(this::end);
  }

  int size() {
    return sessions.size();
  }
}

package io.vertedge.edge.mqtt;

import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.util.LinkedHashSet;
import java.util.Set;

/** What every connection of one running broker shares; touched on the broker's event loop only. */
final class BrokerCore {

  final Vertx vertx;
  final ContextInternal context;
  final BrokerConfig config;
  final BrokerLimits limits;
  final BrokerMetrics metrics;
  final RetainedStore retained;
  final Router router;
  final SessionStore sessions;
  final Set<ClientConnection> connections = new LinkedHashSet<>();
  private long assignedIds;

  BrokerCore(Vertx vertx, ContextInternal context, BrokerConfig config, BrokerMetrics metrics) {
    this.vertx = vertx;
    this.context = context;
    this.config = config;
    this.limits = config.limits();
    this.metrics = metrics;
    this.retained = new RetainedStore(limits.maxRetained(), metrics);
    this.router = new Router(new SubscriptionTree(), retained, metrics);
    this.sessions = new SessionStore(vertx, limits, metrics, router);
  }

  /** A client id for a client that sent none (MQTT 5 gets it as Assigned Client Identifier). */
  String assignClientId() {
    return "vertedge-" + ++assignedIds;
  }
}

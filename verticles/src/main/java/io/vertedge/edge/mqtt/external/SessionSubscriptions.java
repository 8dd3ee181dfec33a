package io.vertedge.edge.mqtt.external;

import io.vertx.mqtt.messages.MqttSubAckMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of the hub's filters the broker's session holds, and the SUBSCRIBEs for the others: all
 * of them in a new session, none in a resumed one, and those the hub adds while connected. One
 * SUBSCRIBE at a time, so its SUBACK needs no packet id. Confined to the bus's event loop.
 */
final class SessionSubscriptions {

  private static final Logger log = LoggerFactory.getLogger(SessionSubscriptions.class);
  private static final int GRANTED_FAILURE = 0x80;

  private final HubSubscriptions hub;
  private final ExternalBroker broker;
  private final ExternalBusMetrics metrics;
  /** Filters the broker granted in the current session (or was asked for); a resumed session keeps them. */
  private final Set<String> granted = new HashSet<>();

  SessionSubscriptions(HubSubscriptions hub, ExternalBroker broker, ExternalBusMetrics metrics) {
    this.hub = hub;
    this.broker = broker;
    this.metrics = metrics;
  }

  /** The broker said its session is new: it holds no subscription of ours. */
  void newSession() {
    granted.clear();
  }

  /** Sends a SUBSCRIBE for the filters the session lacks, unless one is on its way. */
  void subscribeMissing(BrokerConnection connection) {
    if (!connection.unconfirmedFilters().isEmpty()) {
      return;
    }
    Map<String, Integer> missing = hub.filters();
    missing.keySet().removeAll(granted);
    missing.keySet().removeAll(connection.refusedFilters());
    if (missing.isEmpty()) {
      return;
    }
    List<String> filters = new ArrayList<>(missing.keySet());
    granted.addAll(filters); // asked for: not asked again while the SUBACK is on its way
    connection.subscribing(filters);
    connection.client.subscribe(missing).onFailure(failure -> {
      granted.removeAll(filters);
      connection.subscribed();
    });
  }

  /** The SUBACK of the SUBSCRIBE on its way: a refused filter is asked for again on the next connection. */
  void subscribed(BrokerConnection connection, MqttSubAckMessage suback) {
    List<String> filters = connection.subscribed();
    List<Integer> codes = suback.grantedQoSLevels();
    for (int i = 0; i < filters.size() && i < codes.size(); i++) {
      String filter = filters.get(i);
      int code = codes.get(i);
      if (code == GRANTED_FAILURE) {
        granted.remove(filter);
        connection.refused(filter);
        metrics.subscriptionRefused();
        log.error("[broker: {}, client: {}, filter: {}] the broker refused the subscription (its ACL?); "
            + "asked again on the next connection", broker.url(), broker.clientId(), filter);
      } else if (code == 0 && hub.filters().getOrDefault(filter, 0) > 0) {
        log.warn("[broker: {}, filter: {}] the broker granted QoS 0 only: its messages are not acknowledged "
            + "and may be lost", broker.url(), filter);
      }
    }
  }

  /** The connection ended: what it asked for and was not answered may not be in the session. */
  void lost(BrokerConnection connection) {
    connection.unconfirmedFilters().forEach(granted::remove);
  }
}

package io.vertedge.edge.mqtt.external;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;

import java.util.Locale;

/**
 * The external bus's instruments. Prometheus names: {@code vertedge_mqtt_external_connected},
 * {@code vertedge_mqtt_external_reconnects_total}, {@code vertedge_mqtt_external_messages_total{direction,qos}},
 * {@code vertedge_mqtt_external_acks_pending}, {@code vertedge_mqtt_external_acks_withheld_total},
 * {@code vertedge_mqtt_external_publish_failed_total{reason}},
 * {@code vertedge_mqtt_external_subscriptions_refused_total},
 * {@code vertedge_mqtt_external_messages_dropped_total{reason="too_large"}}.
 */
final class ExternalBusMetrics {

  private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("direction");
  private static final AttributeKey<String> QOS = AttributeKey.stringKey("qos");
  private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
  private static final Attributes[] IN = {Attributes.of(DIRECTION, "in", QOS, "0"), Attributes.of(DIRECTION, "in", QOS, "1")};
  private static final Attributes TOO_LARGE = Attributes.of(REASON, "too_large");
  private static final Attributes[] OUT = {Attributes.of(DIRECTION, "out", QOS, "0"), Attributes.of(DIRECTION, "out", QOS, "1")};

  /** Why a publish of the hub failed. */
  enum PublishFailure {
    /** The bus was not connected to the broker. */
    DISCONNECTED,
    /** The connection ended before the broker acknowledged a QoS 1 publish. */
    CONNECTION_LOST,
    /** {@link ExternalBroker#MAX_OUTBOUND_INFLIGHT} QoS 1 publishes were waiting for their PUBACK. */
    INFLIGHT_FULL;

    final Attributes attributes = Attributes.of(REASON, name().toLowerCase(Locale.ROOT));
  }

  private final LongUpDownCounter connected;
  private final LongCounter reconnects;
  private final LongCounter messages;
  private final LongUpDownCounter acksPending;
  private final LongCounter acksWithheld;
  private final LongCounter publishFailed;
  private final LongCounter subscriptionsRefused;
  private final LongCounter dropped;

  ExternalBusMetrics(Meter meter) {
    connected = meter.upDownCounterBuilder("vertedge.mqtt.external.connected").setUnit("{connection}")
        .setDescription("1 while the edge is connected to the external MQTT broker").build();
    reconnects = meter.counterBuilder("vertedge.mqtt.external.reconnects").setUnit("{attempt}")
        .setDescription("Attempts to connect to the external broker after the first (the broker was down or lost)")
        .build();
    messages = meter.counterBuilder("vertedge.mqtt.external.messages").setUnit("{message}")
        .setDescription("Messages received from the external broker (in) and published to it by the hub (out)").build();
    acksPending = meter.upDownCounterBuilder("vertedge.mqtt.external.acks.pending").setUnit("{message}")
        .setDescription("QoS 1 messages received and not yet acknowledged: the hub has not made them durable yet")
        .build();
    acksWithheld = meter.counterBuilder("vertedge.mqtt.external.acks.withheld").setUnit("{message}")
        .setDescription("QoS 1 messages not acknowledged because the hub refused them; the broker sends them again")
        .build();
    publishFailed = meter.counterBuilder("vertedge.mqtt.external.publish.failed").setUnit("{message}")
        .setDescription("Publishes of the hub that failed, by reason").build();
    subscriptionsRefused = meter.counterBuilder("vertedge.mqtt.external.subscriptions.refused").setUnit("{filter}")
        .setDescription("Topic filters the external broker refused in a SUBACK (e.g. its ACL)").build();
    dropped = meter.counterBuilder("vertedge.mqtt.external.messages.dropped").setUnit("{message}")
        .setDescription("Messages from the external broker not handed to the hub, by reason").build();
  }

  void connected(boolean up) {
    connected.add(up ? 1 : -1);
  }

  void reconnect() {
    reconnects.add(1);
  }

  void received(MqttQoS qos) {
    messages.add(1, IN[qos == MqttQoS.AT_MOST_ONCE ? 0 : 1]);
  }

  void published(MqttQoS qos) {
    messages.add(1, OUT[qos == MqttQoS.AT_MOST_ONCE ? 0 : 1]);
  }

  void acksPending(long delta) {
    acksPending.add(delta);
  }

  void ackWithheld() {
    acksWithheld.add(1);
  }

  void publishFailed(PublishFailure reason) {
    publishFailed.add(1, reason.attributes);
  }

  void droppedTooLarge() {
    dropped.add(1, TOO_LARGE);
  }

  void subscriptionRefused() {
    subscriptionsRefused.add(1);
  }
}

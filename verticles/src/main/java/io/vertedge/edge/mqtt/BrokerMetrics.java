package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;

import java.util.Locale;

/**
 * The broker's instruments. Prometheus names (API.md section 6): {@code vertedge_mqtt_clients_connected},
 * {@code vertedge_mqtt_messages_total{direction,qos}}, {@code vertedge_mqtt_messages_dropped_total{reason}},
 * {@code vertedge_mqtt_retained}, {@code vertedge_mqtt_queued}, {@code vertedge_mqtt_sessions},
 * {@code vertedge_mqtt_connections_closed_total{reason}}, {@code vertedge_mqtt_publishers_paused_total{reason}}.
 */
public final class BrokerMetrics {

  private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("direction");
  private static final AttributeKey<String> QOS = AttributeKey.stringKey("qos");
  private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
  private static final Attributes[] IN = {Attributes.of(DIRECTION, "in", QOS, "0"), Attributes.of(DIRECTION, "in", QOS, "1")};
  private static final Attributes[] OUT = {Attributes.of(DIRECTION, "out", QOS, "0"), Attributes.of(DIRECTION, "out", QOS, "1")};

  /** Why a message did not reach a subscriber (or was not kept as retained). */
  public enum Drop {
    /** QoS 0 for a connected client whose queue is at its bound. */
    QUEUE_FULL,
    /** Queued QoS 0 of a client disconnected for being too slow. */
    SLOW_SUBSCRIBER,
    /** QoS 0 for, or queued QoS 0 of, a client whose persistent session is offline. */
    CLIENT_OFFLINE,
    /** What a session held when it ended: clean session, expiry, clean start over it. */
    SESSION_ENDED,
    /** Larger than the MQTT 5 client's Maximum Packet Size. */
    PACKET_TOO_LARGE,
    /** Delivered, but not kept as retained: {@code maxRetained} topics are retained already. */
    RETAINED_FULL,
    /** An in-process consumer failed a QoS 0 message. */
    CONSUMER_FAILED;

    final Attributes attributes = Attributes.of(REASON, name().toLowerCase(Locale.ROOT));
  }

  /** Why the broker closed or refused a client's connection. */
  public enum Close {
    BAD_CREDENTIALS, PACKET_TOO_LARGE, PROTOCOL_ERROR, TOPIC_INVALID, QOS_NOT_SUPPORTED, SLOW_SUBSCRIBER,
    SESSION_TAKEN_OVER, PUBLISH_REFUSED, SERVER_SHUTTING_DOWN;

    final Attributes attributes = Attributes.of(REASON, name().toLowerCase(Locale.ROOT));
  }

  /** Why a publisher's socket stopped being read. */
  public enum Pause {
    /** A subscriber of its messages is over half its queue bound. */
    SUBSCRIBER_QUEUE,
    /** It has {@code maxInflight} QoS 1 messages the hub has not taken yet. */
    INFLIGHT;

    final Attributes attributes = Attributes.of(REASON, name().toLowerCase(Locale.ROOT));
  }

  private final LongUpDownCounter connected;
  private final LongCounter messages;
  private final LongCounter dropped;
  private final LongUpDownCounter retained;
  private final LongUpDownCounter queued;
  private final LongUpDownCounter sessions;
  private final LongCounter closed;
  private final LongCounter paused;

  public BrokerMetrics(Meter meter) {
    connected = meter.upDownCounterBuilder("vertedge.mqtt.clients.connected").setUnit("{client}")
        .setDescription("MQTT clients connected to the embedded broker").build();
    messages = meter.counterBuilder("vertedge.mqtt.messages").setUnit("{message}")
        .setDescription("Messages published to the broker (in) and delivered by it (out), by QoS").build();
    dropped = meter.counterBuilder("vertedge.mqtt.messages.dropped").setUnit("{message}")
        .setDescription("Messages not delivered to a subscriber, or not retained, by reason").build();
    retained = meter.upDownCounterBuilder("vertedge.mqtt.retained").setUnit("{message}")
        .setDescription("Retained messages held").build();
    queued = meter.upDownCounterBuilder("vertedge.mqtt.queued").setUnit("{message}")
        .setDescription("Messages held in sessions and not yet written to their client").build();
    sessions = meter.upDownCounterBuilder("vertedge.mqtt.sessions").setUnit("{session}")
        .setDescription("Sessions held, of connected and of offline persistent clients").build();
    closed = meter.counterBuilder("vertedge.mqtt.connections.closed").setUnit("{connection}")
        .setDescription("Connections the broker refused or closed, by reason").build();
    paused = meter.counterBuilder("vertedge.mqtt.publishers.paused").setUnit("{pause}")
        .setDescription("Times a publisher's socket stopped being read (TCP back-pressure), by reason").build();
    // the gauges show 0 from the start rather than nothing
    connected.add(0);
    retained.add(0);
    queued.add(0);
    sessions.add(0);
  }

  public static BrokerMetrics noop() {
    return new BrokerMetrics(OpenTelemetry.noop().getMeter("io.vertedge.mqtt"));
  }

  void connected(int delta) {
    connected.add(delta);
  }

  void received(MqttQoS qos) {
    messages.add(1, IN[qos.value() == 0 ? 0 : 1]);
  }

  void sent(MqttQoS qos) {
    messages.add(1, OUT[qos.value() == 0 ? 0 : 1]);
  }

  void dropped(Drop reason, long count) {
    if (count > 0) {
      dropped.add(count, reason.attributes);
    }
  }

  void retained(int delta) {
    retained.add(delta);
  }

  void queued(int delta) {
    if (delta != 0) {
      queued.add(delta);
    }
  }

  void sessions(int delta) {
    sessions.add(delta);
  }

  void closed(Close reason) {
    closed.add(1, reason.attributes);
  }

  void paused(Pause reason) {
    paused.add(1, reason.attributes);
  }
}

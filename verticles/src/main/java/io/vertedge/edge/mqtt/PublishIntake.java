package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * The PUBLISH packets of one client: checked, routed, and acknowledged in the order they came
 * (MQTT 4.6) once the hub's in-process consumers took them. The client's socket is not read
 * while a subscriber of its messages is congested, or while {@code maxInflight} of its QoS 1
 * messages wait for the hub. QoS 2 is downgraded for MQTT 3.1.1 (PUBREC/PUBCOMP, delivered as
 * QoS 1) and refused for MQTT 5 (CONNACK announced Maximum QoS 1).
 */
final class PublishIntake {

  private static final Logger log = LoggerFactory.getLogger(PublishIntake.class);

  private record PendingAck(int packetId, boolean exactlyOnce, String topic, Future<Void> accepted) {
  }

  private final ClientConnection connection;
  private final MqttEndpoint endpoint;
  private final BrokerCore core;
  private final ClientSocket socket;
  private final boolean mqtt5;
  private final ArrayDeque<PendingAck> pending = new ArrayDeque<>();
  private boolean heldForInflight;

  PublishIntake(ClientConnection connection, MqttEndpoint endpoint, BrokerCore core, ClientSocket socket) {
    this.connection = connection;
    this.endpoint = endpoint;
    this.core = core;
    this.socket = socket;
    this.mqtt5 = ConnectPolicy.mqtt5(endpoint);
  }

  void publish(MqttPublishMessage packet, Session session) {
    String problem = Topics.nameProblem(packet.topicName(), core.limits.maxTopicLength());
    if (problem != null) {
      connection.refuse(BrokerMetrics.Close.TOPIC_INVALID, MqttDisconnectReasonCode.TOPIC_NAME_INVALID,
          "PUBLISH to " + problem);
      return;
    }
    boolean exactlyOnce = packet.qosLevel() == MqttQoS.EXACTLY_ONCE;
    if (exactlyOnce && mqtt5) {
      connection.refuse(BrokerMetrics.Close.QOS_NOT_SUPPORTED, MqttDisconnectReasonCode.QOS_NOT_SUPPORTED,
          "QoS 2 is not supported (Maximum QoS 1)");
      return;
    }
    MqttQoS qos = packet.qosLevel() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
    BrokerMessage message = new BrokerMessage(packet.topicName(), packet.payload(), qos, packet.isRetain(),
        forwarded(packet.properties()), session.clientId());
    Router.Routed routed = core.router.route(message, session);
    if (qos == MqttQoS.AT_LEAST_ONCE) {
      awaitAcceptance(new PendingAck(packet.messageId(), exactlyOnce, packet.topicName(), routed.accepted()));
    }
    if (!routed.drained().isComplete()) {
      holdUntil(routed.drained(), BrokerMetrics.Pause.SUBSCRIBER_QUEUE);
    }
  }

  private void awaitAcceptance(PendingAck ack) {
    pending.add(ack);
    if (pending.size() >= core.limits.maxInflight() && !heldForInflight) {
      heldForInflight = true;
      if (!socket.held()) {
        core.metrics.paused(BrokerMetrics.Pause.INFLIGHT);
      }
      socket.hold();
    }
    ack.accepted().onComplete(done -> acknowledgeInOrder());
  }

  private void holdUntil(Future<Void> drained, BrokerMetrics.Pause reason) {
    if (!socket.held()) {
      core.metrics.paused(reason);
    }
    socket.hold();
    drained.onComplete(done -> socket.release());
  }

  private void acknowledgeInOrder() {
    while (!pending.isEmpty() && pending.peek().accepted().isComplete()) {
      PendingAck head = pending.poll();
      if (head.accepted().succeeded()) {
        acknowledge(head);
      } else if (!refused(head, head.accepted().cause())) {
        pending.clear();
        return;
      }
    }
    if (heldForInflight && pending.size() < core.limits.maxInflight()) {
      heldForInflight = false;
      socket.release();
    }
  }

  private void acknowledge(PendingAck ack) {
    if (!endpoint.isConnected()) {
      return;
    }
    if (ack.exactlyOnce()) {
      endpoint.publishReceived(ack.packetId());
    } else {
      endpoint.publishAcknowledge(ack.packetId());
    }
  }

  /** Tells the client its publish was not taken; false when that closed the connection. */
  private boolean refused(PendingAck ack, Throwable failure) {
    String why = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    log.warn("[client: {}, topic: {}] QoS 1 publish not taken by the hub: {}", connection.describe(), ack.topic(), why);
    if (!mqtt5) {
      connection.refuse(BrokerMetrics.Close.PUBLISH_REFUSED, MqttDisconnectReasonCode.UNSPECIFIED_ERROR,
          "publish to " + ack.topic() + " not taken: " + why);
      return false;
    }
    MqttPubAckReasonCode code = failure instanceof PublishRefusedException refusal
        ? refusal.reasonCode() : MqttPubAckReasonCode.UNSPECIFIED_ERROR;
    if (endpoint.isConnected()) {
      endpoint.publishAcknowledge(ack.packetId(), code, ConnectPolicy.reason(why));
    }
    return true;
  }

  /** MQTT 5 properties passed on to subscribers: all but those of this hop (alias, subscription id). */
  private static MqttProperties forwarded(MqttProperties properties) {
    if (properties == null || properties.isEmpty()) {
      return MqttProperties.NO_PROPERTIES;
    }
    MqttProperties kept = new MqttProperties();
    for (MqttProperties.MqttProperty<?> property : properties.listAll()) {
      int id = property.propertyId();
      if (id != MqttProperties.TOPIC_ALIAS && id != MqttProperties.SUBSCRIPTION_IDENTIFIER) {
        kept.add(property);
      }
    }
    return kept.isEmpty() ? MqttProperties.NO_PROPERTIES : kept;
  }
}

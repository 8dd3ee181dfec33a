package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.vertedge.mqtt.TopicFilter;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE and UNSUBSCRIBE of one client. QoS 2 is granted as QoS 1; a malformed, too long or
 * shared ({@code $share/}) filter is refused in the SUBACK (0x80 for MQTT 3.1.1, the precise
 * reason code for MQTT 5) while the packet's other filters are granted. Retained messages
 * follow the SUBACK.
 */
final class SubscriptionRequests {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionRequests.class);

  private final ClientConnection connection;
  private final MqttEndpoint endpoint;
  private final BrokerCore core;
  private final boolean mqtt5;

  SubscriptionRequests(ClientConnection connection, MqttEndpoint endpoint, BrokerCore core) {
    this.connection = connection;
    this.endpoint = endpoint;
    this.core = core;
    this.mqtt5 = ConnectPolicy.mqtt5(endpoint);
  }

  void subscribe(MqttSubscribeMessage packet, Session session) {
    List<MqttSubAckReasonCode> codes = new ArrayList<>();
    List<Subscription> granted = new ArrayList<>();
    for (MqttTopicSubscription requested : packet.topicSubscriptions()) {
      try {
        TopicFilter filter = Topics.filter(requested.topicName(), core.limits.maxTopicLength());
        Subscription subscription = new Subscription(session, filter, options(requested));
        granted.add(subscription);
        codes.add(subscription.qos() == MqttQoS.AT_MOST_ONCE ? MqttSubAckReasonCode.GRANTED_QOS0
            : MqttSubAckReasonCode.GRANTED_QOS1);
      } catch (IllegalArgumentException refused) {
        log.info("[client: {}] subscription refused: {}", connection.describe(), refused.getMessage());
        codes.add(refusal(requested.topicName()));
      }
    }
    endpoint.subscribeAcknowledge(packet.messageId(), codes, MqttProperties.NO_PROPERTIES);
    for (Subscription subscription : granted) {
      // a second subscription to the same filter replaces the first, in the session and in the tree
      session.subscriptions().put(subscription.filter().toString(), subscription);
      core.router.subscribe(subscription);
    }
  }

  void unsubscribe(MqttUnsubscribeMessage packet, Session session) {
    List<MqttUnsubAckReasonCode> codes = new ArrayList<>();
    for (String topic : packet.topics()) {
      Subscription removed = session.subscriptions().remove(topic);
      if (removed != null) {
        core.router.unsubscribe(removed);
      }
      codes.add(removed != null ? MqttUnsubAckReasonCode.SUCCESS : MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED);
    }
    if (mqtt5) {
      endpoint.unsubscribeAcknowledge(packet.messageId(), codes, MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.unsubscribeAcknowledge(packet.messageId());
    }
  }

  private static MqttSubscriptionOption options(MqttTopicSubscription requested) {
    MqttSubscriptionOption asked = requested.subscriptionOption();
    MqttQoS qos = requested.qualityOfService() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
    return asked == null ? MqttSubscriptionOption.onlyFromQos(qos)
        : new MqttSubscriptionOption(qos, asked.isNoLocal(), asked.isRetainAsPublished(), asked.retainHandling());
  }

  private MqttSubAckReasonCode refusal(String filter) {
    if (!mqtt5) {
      return MqttSubAckReasonCode.UNSPECIFIED_ERROR;
    }
    return filter != null && filter.startsWith(Topics.SHARED_PREFIX)
        ? MqttSubAckReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED : MqttSubAckReasonCode.TOPIC_FILTER_INVALID;
  }
}

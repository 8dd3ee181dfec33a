package io.vertedge.edge.eventbus;

import com.google.protobuf.ByteString;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.delivery.EdgeDelivery;
import io.vertedge.delivery.OutboxFullException;
import io.vertedge.edge.mqtt.BrokerMessage;
import io.vertedge.edge.mqtt.PublishRefusedException;
import io.vertedge.link.Ids;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertx.core.Future;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;

import java.util.List;

/**
 * The MQTT door for uploads (KUBEEDGE-COMPAT §5.1): what devices and apps publish on
 * {@code $hw/events/upload/#}, {@code SYS/dis/upload_records} and {@code +/user/#} becomes an
 * event for the cloud (source {@code bus}, group {@code user}, operation {@code upload},
 * resource = the topic, content = the payload). A QoS 1 publish is acknowledged only once the
 * event is durable in the outbox; a full outbox refuses it (MQTT 5: PUBACK 0x97 with the reason;
 * MQTT 3.1.1: no PUBACK, the client resends after reconnecting).
 */
public final class UploadDoor {

  public static final List<String> TOPICS = List.of("$hw/events/upload/#", "SYS/dis/upload_records", "+/user/#");

  private final EdgeDelivery delivery;
  private final String node;

  private UploadDoor(EdgeDelivery delivery, String node) {
    this.delivery = delivery;
    this.node = node;
  }

  /** Subscribes the door; call it before the broker is deployed, so nothing is acknowledged before the door is there. */
  public static Future<Void> open(MqttBus broker, EdgeDelivery delivery, String node) {
    UploadDoor door = new UploadDoor(delivery, node);
    return Future.all(TOPICS.stream().map(topic -> broker.subscribe(topic, MqttQoS.AT_LEAST_ONCE, door::accept))
        .toList()).mapEmpty();
  }

  private Future<Void> accept(BrokerMessage message) {
    Envelope event = Envelope.newBuilder()
        .setId(Ids.next())
        .setNode(node)
        .setTimestamp(System.currentTimeMillis())
        .setChannel(Channel.DATA)
        .setRoute(Route.newBuilder().setSource("bus").setGroup("user").setOperation("upload")
            .setResource(message.topic()))
        .setContent(ByteString.copyFrom(message.payload().getBytes()))
        .build();
    return delivery.accept(event).<Void>mapEmpty().recover(failure -> Future.failedFuture(
        failure instanceof OutboxFullException
            ? new PublishRefusedException(MqttPubAckReasonCode.QUOTA_EXCEEDED, failure.getMessage())
            : failure));
  }
}

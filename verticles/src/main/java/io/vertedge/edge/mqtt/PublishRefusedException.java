package io.vertedge.edge.mqtt;

import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;

import java.util.Objects;

/**
 * An {@link InProcessConsumer} did not take a QoS 1 message. An MQTT 5 publisher gets a PUBACK
 * with this reason code and the message as reason string; an MQTT 3.1.1 publisher, which has
 * no way to hear a refusal, is disconnected without a PUBACK so that it sends the message again.
 */
public final class PublishRefusedException extends RuntimeException {

  private final MqttPubAckReasonCode reasonCode;

  /** @param reasonCode an error code, e.g. {@link MqttPubAckReasonCode#QUOTA_EXCEEDED} for a full outbox */
  public PublishRefusedException(MqttPubAckReasonCode reasonCode, String message) {
    super(message, null, false, false);
    this.reasonCode = Objects.requireNonNull(reasonCode, "reasonCode");
    if (!reasonCode.isError()) {
      throw new IllegalArgumentException(reasonCode + " is not an error reason code");
    }
  }

  public MqttPubAckReasonCode reasonCode() {
    return reasonCode;
  }
}

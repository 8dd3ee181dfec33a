package io.vertedge.edge.mqtt;

import java.time.Duration;
import java.util.Objects;

/**
 * What the embedded broker allows each client, so that one client cannot take the edge's memory
 * or hold the others back for long (docs/mqtt.md).
 *
 * @param maxPacketSize largest packet accepted, in bytes of its remaining length (the 2–5 byte
 *     fixed header not counted); also announced to MQTT 5 clients as Maximum Packet Size
 * @param maxTopicLength longest topic name or filter, in UTF-8 bytes
 * @param maxInflight QoS 1 messages in flight per client and direction: sent and not yet
 *     acknowledged by the client, and received and not yet acknowledged by the broker
 *     (announced to MQTT 5 clients as Receive Maximum)
 * @param maxQueuedMessages messages a client's session holds that are not yet written to it;
 *     from half of it the publishers of new messages for it are paused
 * @param maxQueuedBytes the same bound in payload and topic bytes; a queue always takes one
 *     message when it is empty, however large
 * @param slowSubscriberTimeout how long a subscriber may keep publishers paused before it is
 *     disconnected
 * @param sessionExpiry how long the session of a disconnected client that asked for a persistent
 *     one is kept (an MQTT 5 client may ask for less)
 * @param maxRetained retained topics kept; a new one beyond it is delivered but not retained
 */
public record BrokerLimits(int maxPacketSize, int maxTopicLength, int maxInflight, int maxQueuedMessages,
                           long maxQueuedBytes, Duration slowSubscriberTimeout, Duration sessionExpiry,
                           int maxRetained) {

  /** MQTT's own ceiling on the remaining length of a packet (four length bytes). */
  public static final int MQTT_MAX_PACKET_SIZE = 268_435_455;

  public static final BrokerLimits DEFAULTS = new BrokerLimits(1024 * 1024, 1024, 32, 1000, 1024 * 1024,
      Duration.ofSeconds(10), Duration.ofHours(24), 10_000);

  public BrokerLimits {
    Objects.requireNonNull(slowSubscriberTimeout, "slowSubscriberTimeout");
    Objects.requireNonNull(sessionExpiry, "sessionExpiry");
    between("maxPacketSize", maxPacketSize, 64, MQTT_MAX_PACKET_SIZE);
    between("maxTopicLength", maxTopicLength, 1, 65_535);
    between("maxInflight", maxInflight, 1, 65_535);
    between("maxQueuedMessages", maxQueuedMessages, 1, Integer.MAX_VALUE);
    between("maxQueuedBytes", maxQueuedBytes, 1, Long.MAX_VALUE);
    between("maxRetained", maxRetained, 0, Integer.MAX_VALUE);
    if (slowSubscriberTimeout.isNegative() || slowSubscriberTimeout.isZero()) {
      throw new IllegalArgumentException("slowSubscriberTimeout: " + slowSubscriberTimeout + " must be positive");
    }
    if (sessionExpiry.isNegative()) {
      throw new IllegalArgumentException("sessionExpiry: " + sessionExpiry + " must not be negative");
    }
  }

  private static void between(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + ": " + value + " must be between " + min + " and " + max);
    }
  }

  public BrokerLimits withMaxPacketSize(int bytes) {
    return new BrokerLimits(bytes, maxTopicLength, maxInflight, maxQueuedMessages, maxQueuedBytes,
        slowSubscriberTimeout, sessionExpiry, maxRetained);
  }

  public BrokerLimits withMaxTopicLength(int bytes) {
    return new BrokerLimits(maxPacketSize, bytes, maxInflight, maxQueuedMessages, maxQueuedBytes,
        slowSubscriberTimeout, sessionExpiry, maxRetained);
  }

  public BrokerLimits withMaxInflight(int messages) {
    return new BrokerLimits(maxPacketSize, maxTopicLength, messages, maxQueuedMessages, maxQueuedBytes,
        slowSubscriberTimeout, sessionExpiry, maxRetained);
  }

  public BrokerLimits withQueue(int messages, long bytes) {
    return new BrokerLimits(maxPacketSize, maxTopicLength, maxInflight, messages, bytes,
        slowSubscriberTimeout, sessionExpiry, maxRetained);
  }

  public BrokerLimits withSlowSubscriberTimeout(Duration timeout) {
    return new BrokerLimits(maxPacketSize, maxTopicLength, maxInflight, maxQueuedMessages, maxQueuedBytes,
        timeout, sessionExpiry, maxRetained);
  }

  public BrokerLimits withSessionExpiry(Duration expiry) {
    return new BrokerLimits(maxPacketSize, maxTopicLength, maxInflight, maxQueuedMessages, maxQueuedBytes,
        slowSubscriberTimeout, expiry, maxRetained);
  }

  public BrokerLimits withMaxRetained(int topics) {
    return new BrokerLimits(maxPacketSize, maxTopicLength, maxInflight, maxQueuedMessages, maxQueuedBytes,
        slowSubscriberTimeout, sessionExpiry, topics);
  }
}

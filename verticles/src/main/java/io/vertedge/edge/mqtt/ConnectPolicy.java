package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;

/** Who gets in, how long their session lasts, and what MQTT 5 clients are told in the CONNACK. */
final class ConnectPolicy {

  /** MQTT 5: a Session Expiry Interval of 0xFFFFFFFF means "never". */
  private static final long NEVER = 0xFFFF_FFFFL;

  private ConnectPolicy() {
  }

  /** True when no credentials are configured, or the client presented exactly these. */
  static boolean admits(MqttEndpoint endpoint, BrokerConfig.Credentials credentials) {
    if (credentials == null) {
      return true;
    }
    MqttAuth auth = endpoint.auth();
    // both compared whatever the first gives, in constant time, so that timing tells nothing
    boolean user = auth != null && same(credentials.username(), auth.getUsername());
    boolean password = auth != null && same(credentials.password(), auth.getPassword());
    return user & password;
  }

  private static boolean same(String expected, String given) {
    return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8));
  }

  static boolean mqtt5(MqttEndpoint endpoint) {
    return endpoint.protocolVersion() >= 5;
  }

  /**
   * How long the session outlives the connection: MQTT 3.1.1 clean session false gets
   * {@code sessionExpiry}; MQTT 5 gets its Session Expiry Interval, at most {@code sessionExpiry}.
   */
  static Duration keepFor(MqttEndpoint endpoint, BrokerLimits limits) {
    if (!mqtt5(endpoint)) {
      return endpoint.isCleanSession() ? Duration.ZERO : limits.sessionExpiry();
    }
    long seconds = requestedExpirySeconds(endpoint.connectProperties());
    Duration requested = seconds == NEVER ? limits.sessionExpiry() : Duration.ofSeconds(seconds);
    return requested.compareTo(limits.sessionExpiry()) > 0 ? limits.sessionExpiry() : requested;
  }

  /** The MQTT 5 Session Expiry Interval asked for in CONNECT or DISCONNECT properties (0 if none). */
  static long requestedExpirySeconds(MqttProperties properties) {
    MqttProperties.MqttProperty<?> property = properties.getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL);
    return property == null ? 0 : Integer.toUnsignedLong((Integer) property.value());
  }

  /** The client's MQTT 5 Receive Maximum, at most {@code maxInflight}. */
  static int receiveMaximum(MqttEndpoint endpoint, BrokerLimits limits) {
    MqttProperties.MqttProperty<?> property = endpoint.connectProperties().getProperty(MqttProperties.RECEIVE_MAXIMUM);
    int asked = property == null ? 65_535 : (Integer) property.value();
    return Math.max(1, Math.min(asked, limits.maxInflight()));
  }

  /** The client's MQTT 5 Maximum Packet Size, {@link Long#MAX_VALUE} when it gave none. */
  static long maxPacketSize(MqttEndpoint endpoint) {
    MqttProperties.MqttProperty<?> property = endpoint.connectProperties().getProperty(MqttProperties.MAXIMUM_PACKET_SIZE);
    return property == null ? Long.MAX_VALUE : Integer.toUnsignedLong((Integer) property.value());
  }

  /** MQTT 5 CONNACK properties: what the broker supports and the limits it holds clients to. */
  static MqttProperties connack(MqttEndpoint endpoint, BrokerLimits limits, String assignedClientId) {
    MqttProperties properties = new MqttProperties();
    if (!mqtt5(endpoint)) {
      return properties;
    }
    properties.add(new IntegerProperty(MqttProperties.MAXIMUM_QOS, 1));
    properties.add(new IntegerProperty(MqttProperties.RETAIN_AVAILABLE, 1));
    properties.add(new IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, limits.maxInflight()));
    properties.add(new IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, limits.maxPacketSize()));
    properties.add(new IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, 0));
    properties.add(new IntegerProperty(MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, 1));
    properties.add(new IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0));
    properties.add(new IntegerProperty(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, 0));
    long requested = requestedExpirySeconds(endpoint.connectProperties());
    long granted = keepFor(endpoint, limits).toSeconds();
    if (requested != granted) {
      properties.add(new IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) granted));
    }
    if (assignedClientId != null) {
      properties.add(new StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, assignedClientId));
    }
    return properties;
  }

  /** Properties carrying an MQTT 5 Reason String. */
  static MqttProperties reason(String text) {
    MqttProperties properties = new MqttProperties();
    properties.add(new StringProperty(MqttProperties.REASON_STRING, text));
    return properties;
  }
}

package io.vertedge.edge.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An MQTT client written for tests on a blocking socket and Netty's codec: it sends exactly the
 * packets a test builds (MQTT 5 properties, QoS 2, oversize packets), reads what the broker
 * answers packet by packet, and can stop reading to play a stuck subscriber. Test thread only.
 */
final class RawMqttClient implements AutoCloseable {

  private final Socket socket = new Socket();
  private final EmbeddedChannel codec = unpooled(new EmbeddedChannel(new MqttDecoder(64 * 1024 * 1024), MqttEncoder.INSTANCE));
  private final ArrayDeque<MqttMessage> decoded = new ArrayDeque<>();
  private final byte[] chunk = new byte[64 * 1024];
  private final InputStream in;
  private final OutputStream out;
  private boolean ended;

  /** The test thread stays out of the event loops' allocator (see {@link TestBroker}). */
  private static EmbeddedChannel unpooled(EmbeddedChannel channel) {
    channel.config().setAllocator(UnpooledByteBufAllocator.DEFAULT);
    return channel;
  }

  /** @param receiveBuffer the socket's receive buffer in bytes, 0 for the system's */
  RawMqttClient(int port, int receiveBuffer) throws IOException {
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  RawMqttClient(int port) throws IOException {
    this(port, 0);
  }

  /** Sends CONNECT (MQTT 5 unless the builder says otherwise) and returns the CONNACK. */
  MqttConnAckMessage connect(String clientId, UnaryOperator<MqttMessageBuilders.ConnectBuilder> options) throws IOException {
    send(options.apply(MqttMessageBuilders.connect().clientId(clientId).protocolVersion(MqttVersion.MQTT_5)
        .cleanSession(true).keepAlive(60)).build());
    return (MqttConnAckMessage) expect(MqttMessageType.CONNACK);
  }

  void publish(String topic, byte[] payload, MqttQoS qos, int packetId, MqttProperties properties) throws IOException {
    send(MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(packetId).retained(false)
        .payload(Unpooled.wrappedBuffer(payload)).properties(properties).build());
  }

  void publish(String topic, String payload, MqttQoS qos, int packetId) throws IOException {
    publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, packetId, MqttProperties.NO_PROPERTIES);
  }

  /** Subscribes and returns the SUBACK. */
  MqttMessage subscribe(int packetId, MqttQoS qos, String... filters) throws IOException {
    MqttMessageBuilders.SubscribeBuilder builder = MqttMessageBuilders.subscribe().messageId(packetId);
    for (String filter : filters) {
      builder.addSubscription(qos, filter);
    }
    send(builder.build());
    return expect(MqttMessageType.SUBACK);
  }

  void send(MqttMessage message) throws IOException {
    codec.writeOutbound(message);
    for (ByteBuf bytes = codec.readOutbound(); bytes != null; bytes = codec.readOutbound()) {
      out.write(ByteBufUtil.getBytes(bytes));
      bytes.release();
    }
    out.flush();
  }

  /** Sends raw bytes, e.g. a packet the codec would refuse to build. */
  void sendBytes(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next packet, or {@code null} when the broker closed the connection. */
  MqttMessage next(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (decoded.isEmpty() && !ended) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no packet from the broker within " + timeout.toMillis() + " ms");
      }
      socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
      int read;
      try {
        read = in.read(chunk);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException reset) {
        read = -1;
      }
      if (read < 0) {
        ended = true;
      } else {
        codec.writeInbound(Unpooled.copiedBuffer(chunk, 0, read));
        for (Object message = codec.readInbound(); message != null; message = codec.readInbound()) {
          decoded.add((MqttMessage) message);
        }
      }
    }
    return decoded.poll();
  }

  /** The next packet, which must be of this type. */
  MqttMessage expect(MqttMessageType type) throws IOException {
    MqttMessage message = next(Duration.ofSeconds(10));
    if (message == null) {
      throw new AssertionError("the broker closed the connection; expected " + type);
    }
    if (message.fixedHeader().messageType() != type) {
      throw new AssertionError("expected " + type + ", got " + message);
    }
    return message;
  }

  /** Every packet until the broker closes the connection. */
  List<MqttMessage> untilClosed() throws IOException {
    List<MqttMessage> rest = new ArrayList<>();
    for (MqttMessage message = next(Duration.ofSeconds(10)); message != null; message = next(Duration.ofSeconds(10))) {
      rest.add(message);
    }
    return rest;
  }

  /** The reason code of a DISCONNECT or a PUBACK, as an unsigned byte. */
  static int reasonCode(MqttMessage message) {
    Object header = message.variableHeader();
    if (header instanceof MqttReasonCodeAndPropertiesVariableHeader disconnect) {
      return disconnect.reasonCode() & 0xFF;
    }
    return ((MqttPubReplyMessageVariableHeader) header).reasonCode() & 0xFF;
  }

  /** The MQTT 5 Reason String of a DISCONNECT or a PUBACK, or null. */
  static String reasonString(MqttMessage message) {
    Object header = message.variableHeader();
    MqttProperties properties = header instanceof MqttReasonCodeAndPropertiesVariableHeader disconnect
        ? disconnect.properties() : ((MqttPubReplyMessageVariableHeader) header).properties();
    MqttProperties.MqttProperty<?> reason = properties.getProperty(MqttProperties.REASON_STRING);
    return reason == null ? null : (String) reason.value();
  }

  static Object property(MqttConnAckMessage connAck, int id) {
    MqttProperties.MqttProperty<?> property = connAck.variableHeader().properties().getProperty(id);
    return property == null ? null : property.value();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    codec.finishAndReleaseAll();
  }
}

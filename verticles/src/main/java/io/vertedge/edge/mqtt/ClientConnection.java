package io.vertedge.edge.mqtt;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttWill;
import io.vertx.mqtt.messages.MqttDisconnectMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/**
 * One client's connection, from CONNECT to close: admits or refuses it, attaches its session,
 * passes its packets to {@link PublishIntake} and {@link SubscriptionRequests}, publishes its
 * will when it goes without DISCONNECT, and is its session's {@link SessionLink}. Every problem
 * it refuses is counted ({@link BrokerMetrics.Close}), logged with the client id and address,
 * and told to an MQTT 5 client as a DISCONNECT reason code and reason string.
 */
final class ClientConnection implements SessionLink {

  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
  /** Time a closing connection gets to write what it has; a client that does not read is cut then. */
  private static final long CLOSE_GRACE_MILLIS = 2_000;

  private final MqttEndpoint endpoint;
  private final BrokerCore core;
  private final boolean mqtt5;
  private final String address;
  private final ClientSocket socket;
  private final PublishIntake intake;
  private final SubscriptionRequests subscriptions;
  private Session session;
  private BrokerMessage will;
  private boolean connected;
  private boolean closing;
  private boolean willSuppressed;
  private BrokerMetrics.Drop queuedQos0Fate = BrokerMetrics.Drop.CLIENT_OFFLINE;
  private int receiveMaximum;
  private long maxPacketSize;

  private ClientConnection(MqttEndpoint endpoint, BrokerCore core) {
    this.endpoint = endpoint;
    this.core = core;
    this.mqtt5 = ConnectPolicy.mqtt5(endpoint);
    SocketAddress remote = endpoint.remoteAddress();
    this.address = remote == null ? "?" : remote.host() + ":" + remote.port();
    this.socket = ClientSocket.of(endpoint, core.context);
    this.intake = new PublishIntake(this, endpoint, core, socket);
    this.subscriptions = new SubscriptionRequests(this, endpoint, core);
  }

  /** The endpoint handler of the MQTT server: the client's CONNECT has arrived. */
  static void open(MqttEndpoint endpoint, BrokerCore core) {
    new ClientConnection(endpoint, core).connect();
  }

  private void connect() {
    if (!ConnectPolicy.admits(endpoint, core.config.credentials())) {
      log.warn("[client: {}, address: {}] refused: bad username or password", givenId(), address);
      core.metrics.closed(BrokerMetrics.Close.BAD_CREDENTIALS);
      endpoint.reject(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
          : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
      return;
    }
    String assigned = null;
    if (endpoint.clientIdentifier() == null || endpoint.clientIdentifier().isEmpty()) {
      assigned = core.assignClientId();
      endpoint.setClientIdentifier(assigned);
    }
    String willProblem = readWill(endpoint.will());
    if (willProblem != null) {
      log.warn("[client: {}, address: {}] refused: will to {}", givenId(), address, willProblem);
      core.metrics.closed(BrokerMetrics.Close.TOPIC_INVALID);
      if (mqtt5) {
        endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID, ConnectPolicy.reason("will to " + willProblem));
      } else {
        endpoint.close();
      }
      return;
    }
    receiveMaximum = ConnectPolicy.receiveMaximum(endpoint, core.limits);
    maxPacketSize = ConnectPolicy.maxPacketSize(endpoint);
    listen();
    SessionStore.Opened opened = core.sessions.open(endpoint.clientIdentifier(), endpoint.isCleanSession());
    session = opened.session();
    connected = true;
    core.connections.add(this);
    core.metrics.connected(1);
    endpoint.accept(opened.present(), ConnectPolicy.connack(endpoint, core.limits, assigned));
    session.attach(this, ConnectPolicy.keepFor(endpoint, core.limits));
    log.debug("[client: {}, address: {}] connected, MQTT {}, session present: {}", endpoint.clientIdentifier(), address,
        mqtt5 ? "5" : "3.1.1", opened.present());
  }

  private String readWill(MqttWill asked) {
    if (asked == null || !asked.isWillFlag()) {
      return null;
    }
    String problem = Topics.nameProblem(asked.getWillTopic(), core.limits.maxTopicLength());
    if (problem == null) {
      MqttQoS qos = asked.getWillQos() == 0 ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
      MqttProperties properties = asked.getWillProperties() == null ? MqttProperties.NO_PROPERTIES : asked.getWillProperties();
      will = new BrokerMessage(asked.getWillTopic(), asked.getWillMessage(), qos, asked.isWillRetain(), properties,
          endpoint.clientIdentifier());
    }
    return problem;
  }

  private void listen() {
    endpoint.publishAutoAck(false);
    endpoint.subscriptionAutoAck(false);
    endpoint.publishHandler(guard(packet -> intake.publish(packet, session)));
    endpoint.publishAcknowledgeHandler(guard(packetId -> session.acknowledged(packetId)));
    // QoS 2 downgraded: PUBREC went out when the message was taken, PUBCOMP closes the exchange
    endpoint.publishReleaseHandler(guard(endpoint::publishComplete));
    endpoint.subscribeHandler(guard(packet -> subscriptions.subscribe(packet, session)));
    endpoint.unsubscribeHandler(guard(packet -> subscriptions.unsubscribe(packet, session)));
    endpoint.disconnectMessageHandler(guard(this::disconnected));
    endpoint.exceptionHandler(this::failed);
    endpoint.closeHandler(v -> closed());
  }

  private void disconnected(MqttDisconnectMessage packet) {
    willSuppressed = packet.code() != MqttDisconnectReasonCode.WITH_WILL_MESSAGE;
    long seconds = ConnectPolicy.requestedExpirySeconds(packet.properties());
    if (mqtt5 && seconds > 0 && !session.keepFor().isZero()) {
      Duration asked = Duration.ofSeconds(seconds);
      session.keepFor(asked.compareTo(core.limits.sessionExpiry()) > 0 ? core.limits.sessionExpiry() : asked);
    }
  }

  private void closed() {
    if (!connected) {
      return;
    }
    connected = false;
    core.connections.remove(this);
    core.metrics.connected(-1);
    core.sessions.disconnected(session, this, queuedQos0Fate);
    if (will != null && !willSuppressed) {
      core.router.route(will, null);
    }
    log.debug("[client: {}, address: {}] connection closed", endpoint.clientIdentifier(), address);
  }

  private void failed(Throwable failure) {
    if (failure instanceof TooLongFrameException) {
      refuse(BrokerMetrics.Close.PACKET_TOO_LARGE, MqttDisconnectReasonCode.PACKET_TOO_LARGE,
          "packet larger than " + core.limits.maxPacketSize() + " bytes (" + failure.getMessage() + ")");
    } else if (failure instanceof DecoderException) {
      refuse(BrokerMetrics.Close.PROTOCOL_ERROR, MqttDisconnectReasonCode.MALFORMED_PACKET,
          "malformed packet: " + failure.getMessage());
    } else if (failure instanceof IOException) {
      log.debug("[client: {}, address: {}] connection failed: {}", endpoint.clientIdentifier(), address, failure.toString());
    } else {
      log.warn("[client: {}, address: {}] connection failed", endpoint.clientIdentifier(), address, failure);
    }
  }

  /** Closes the connection for a problem of the client's making; MQTT 5 clients get the reason. */
  void refuse(BrokerMetrics.Close reason, MqttDisconnectReasonCode code, String why) {
    if (!closing) {
      log.warn("[client: {}, address: {}] disconnected: {}", endpoint.clientIdentifier(), address, why);
    }
    close(reason, code, why);
  }

  private void close(BrokerMetrics.Close reason, MqttDisconnectReasonCode code, String why) {
    if (closing) {
      return;
    }
    closing = true;
    core.metrics.closed(reason);
    try {
      if (mqtt5 && endpoint.isConnected()) {
        endpoint.disconnect(code, ConnectPolicy.reason(why));
      } else {
        endpoint.close();
      }
    } catch (IllegalStateException | IllegalArgumentException alreadyClosed) {
      log.debug("[client: {}] already closed: {}", endpoint.clientIdentifier(), alreadyClosed.getMessage());
    }
    core.vertx.setTimer(CLOSE_GRACE_MILLIS, id -> {
      if (connected) {
        socket.abort();
      }
    });
  }

  /** Closes the connection as the broker stops. */
  void shutDown() {
    willSuppressed = true;
    close(BrokerMetrics.Close.SERVER_SHUTTING_DOWN, MqttDisconnectReasonCode.SERVER_SHUTTING_DOWN, "the broker is stopping");
  }

  @Override
  public Future<Void> send(BrokerMessage message, int packetId, boolean dup) {
    if (closing || !endpoint.isConnected()) {
      return Future.failedFuture("connection closed");
    }
    try {
      return endpoint.publish(message.topic(), message.payload(), message.qos(), dup, message.retain(), packetId,
          mqtt5 ? message.properties() : MqttProperties.NO_PROPERTIES).mapEmpty();
    } catch (IllegalStateException | IllegalArgumentException closed) {
      return Future.failedFuture(closed);
    }
  }

  @Override
  public int receiveMaximum() {
    return receiveMaximum;
  }

  @Override
  public long maxPacketSize() {
    return maxPacketSize;
  }

  @Override
  public boolean mqtt5() {
    return mqtt5;
  }

  @Override
  public void cutOff(String why) {
    log.warn("[client: {}, address: {}] disconnected as a slow subscriber: {}", endpoint.clientIdentifier(), address, why);
    queuedQos0Fate = BrokerMetrics.Drop.SLOW_SUBSCRIBER;
    core.sessions.disconnected(session, this, queuedQos0Fate);
    close(BrokerMetrics.Close.SLOW_SUBSCRIBER, MqttDisconnectReasonCode.QUOTA_EXCEEDED, "too slow: " + why);
    // it does not read: what is queued for it in the socket would hold the close back
    socket.abort();
  }

  @Override
  public void takenOver() {
    log.info("[client: {}, address: {}] replaced by a new connection with the same client id", endpoint.clientIdentifier(), address);
    // a client that connects again is not gone: no will
    willSuppressed = true;
    core.sessions.disconnected(session, this, queuedQos0Fate);
    close(BrokerMetrics.Close.SESSION_TAKEN_OVER, MqttDisconnectReasonCode.SESSION_TAKEN_OVER,
        "another connection with client id " + endpoint.clientIdentifier());
  }

  @Override
  public String describe() {
    return endpoint.clientIdentifier() + ", address: " + address;
  }

  private String givenId() {
    String id = endpoint.clientIdentifier();
    return id == null || id.isEmpty() ? "(none)" : id;
  }

  /** An exception thrown into Vert.x would leave the socket half-read: close with a reason instead. */
  private <T> Handler<T> guard(Handler<T> handler) {
    return event -> {
      try {
        handler.handle(event);
      } catch (RuntimeException e) {
        log.error("[client: {}, address: {}] broker failure, closing the connection", endpoint.clientIdentifier(), address, e);
        close(BrokerMetrics.Close.PROTOCOL_ERROR, MqttDisconnectReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "broker failure");
      }
    };
  }
}

package io.vertedge.edge.mqtt.external;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.opentelemetry.api.metrics.Meter;
import io.vertedge.edge.eventbus.MqttBus;
import io.vertedge.edge.mqtt.InProcessConsumer;
import io.vertedge.link.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttException;
import io.vertx.mqtt.messages.MqttConnAckMessage;
import io.vertx.mqtt.messages.MqttSubAckMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code mqtt.mode: external}: the edge as a client of the user's broker (Mosquitto, ...),
 * behind the same {@link MqttBus} as the embedded broker (docs/mqtt.md). It keeps a persistent
 * session (clean session false), subscribes every filter of the hub with the QoS asked, and
 * acknowledges a QoS 1 message only once the hub's consumers made it durable; a refused message
 * is not acknowledged, and the connection is closed after a backoff so that the broker sends it
 * again. It connects on its own, again and again with backoff, from the start: a broker that is
 * down does not stop the edge. One instance: everything runs on its event loop.
 */
public final class ExternalMqttBus extends VerticleBase implements MqttBus {

  private static final Logger log = LoggerFactory.getLogger(ExternalMqttBus.class);
  /** Failed attempts in a row between two warnings while the broker stays away. */
  private static final int WARN_EVERY = 10;

  private final ExternalBroker broker;
  private final ExternalBusMetrics metrics;
  private final Consumer<Boolean> connectedListener;
  private final HubSubscriptions subscriptions = new HubSubscriptions();
  private final SessionSubscriptions session;
  private Inbound inbound;
  private final Backoff reconnects = Backoff.forReconnect();
  private volatile ContextInternal loop;
  private volatile BrokerConnection current;
  /** Connected, and every filter of the hub subscribed: what a device publishes now reaches the hub. */
  private volatile boolean ready;
  private boolean stopped;
  private boolean everConnected;
  private int failedAttempts;
  private long timer = -1;

  /** @param connectedListener told {@code true} on each connection and {@code false} when it ends (readiness) */
  public ExternalMqttBus(ExternalBroker broker, Meter meter, Consumer<Boolean> connectedListener) {
    this.broker = Objects.requireNonNull(broker, "broker");
    this.metrics = new ExternalBusMetrics(Objects.requireNonNull(meter, "meter"));
    this.session = new SessionSubscriptions(subscriptions, broker, metrics);
    this.connectedListener = Objects.requireNonNull(connectedListener, "connectedListener");
  }

  /** Where the broker is, for {@code endpoints.json}: e.g. {@code tcp://mosquitto:1883}. */
  public String url() {
    return broker.url();
  }

  /** Whether the bus is connected to the broker and has every filter of the hub subscribed. */
  public boolean connected() {
    return ready;
  }

  @Override
  public Future<?> start() {
    loop = (ContextInternal) context;
    inbound = new Inbound(vertx, broker, subscriptions, metrics);
    log.info("[broker: {}, client: {}] connecting to the external MQTT broker ({})", broker.url(), broker.clientId(),
        broker.username() == null ? "anonymous" : "as " + broker.username());
    connect();
    return Future.succeededFuture(); // the edge runs without its broker; the bus connects when it can
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    BrokerConnection connection = current;
    if (connection == null) {
      return Future.succeededFuture();
    }
    // DISCONNECT: the broker keeps our session and what we did not acknowledge for the next start
    return connection.client.disconnect().onComplete(done -> lost(connection, "connection lost"));
  }

  @Override
  public Future<Void> publish(String topic, Buffer payload, MqttQoS qos, boolean retain) {
    String problem = topicProblem(topic);
    if (problem != null) {
      return Future.failedFuture(new IllegalArgumentException("cannot publish to " + problem));
    }
    if (qos != MqttQoS.AT_MOST_ONCE && qos != MqttQoS.AT_LEAST_ONCE) {
      return Future.failedFuture(new IllegalArgumentException(qos + " is not supported: publish with QoS 0 or 1"));
    }
    return onLoop(() -> {
      BrokerConnection connection = current;
      if (connection == null) {
        metrics.publishFailed(ExternalBusMetrics.PublishFailure.DISCONNECTED);
        return Future.failedFuture(new BrokerUnavailableException("not connected to the MQTT broker " + broker.url()
            + " (reconnecting); cannot publish to " + topic));
      }
      return connection.client.publish(topic, payload, qos, false, retain)
          .recover(failure -> {
            metrics.publishFailed(failure instanceof MqttException full
                && full.code() == MqttException.MQTT_INFLIGHT_QUEUE_FULL
                ? ExternalBusMetrics.PublishFailure.INFLIGHT_FULL : ExternalBusMetrics.PublishFailure.CONNECTION_LOST);
            return Future.failedFuture(new BrokerUnavailableException("cannot publish to " + topic + " at "
                + broker.url() + ": " + failure.getMessage()));
          })
          .compose(packetId -> {
            metrics.published(qos);
            return qos == MqttQoS.AT_MOST_ONCE ? Future.<Void>succeededFuture() : connection.awaitPuback(packetId);
          });
    });
  }

  /**
   * Registers the consumer at once; the broker is asked for the filter on the next connection,
   * or now when connected. Call it before the deploy, so that nothing is acknowledged before its
   * consumer is there. A consumer is called on the context it subscribed from.
   */
  @Override
  public Future<Void> subscribe(String filter, MqttQoS qos, InProcessConsumer consumer) {
    Objects.requireNonNull(consumer, "consumer");
    if (filter == null) {
      return Future.failedFuture(new IllegalArgumentException("an empty topic filter"));
    }
    try {
      subscriptions.add(filter, qos, consumer, Vertx.currentContext());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    ContextInternal running = loop;
    if (running != null) {
      running.runOnContext(v -> subscribeMissing(current));
    }
    return Future.succeededFuture();
  }

  private void connect() {
    if (stopped) {
      return;
    }
    if (everConnected || failedAttempts > 0) {
      metrics.reconnect();
    }
    MqttClient client = MqttClient.create(vertx, broker.clientOptions());
    BrokerConnection connection = new BrokerConnection(client, metrics);
    client.publishHandler(message -> inbound.received(loop, connection, message))
        .publishCompletionHandler(connection::puback)
        .subscribeCompletionHandler(suback -> subscribed(connection, suback))
        .exceptionHandler(failure -> log.debug("[broker: {}] {}", broker.url(), failure.toString()))
        .closeHandler(v -> lost(connection, "connection lost"));
    // a broker that takes the TCP connection and never answers the CONNECT must not hold us
    long connackTimer = vertx.setTimer(ExternalBroker.CONNECT_TIMEOUT_MILLIS, id -> client.disconnect());
    client.connect(broker.port(), broker.host(), broker.tls() ? broker.host() : null)
        .onComplete(done -> vertx.cancelTimer(connackTimer))
        .onSuccess(connack -> connected(connection, connack))
        .onFailure(this::connectFailed);
  }

  private void connected(BrokerConnection connection, MqttConnAckMessage connack) {
    if (stopped) {
      connection.client.disconnect();
      return;
    }
    current = connection;
    everConnected = true;
    failedAttempts = 0;
    reconnects.reset();
    if (!connack.isSessionPresent()) {
      session.newSession();
    }
    log.info("[broker: {}, client: {}] connected to the external MQTT broker ({})", broker.url(), broker.clientId(),
        connack.isSessionPresent() ? "session resumed" : "new session");
    subscribeMissing(connection);
    readyOnceSubscribed(connection);
  }

  private void readyOnceSubscribed(BrokerConnection connection) {
    if (connection == current && !ready && connection.unconfirmedFilters().isEmpty()) {
      ready = true;
      metrics.connected(true);
      connectedListener.accept(true);
    }
  }

  private void subscribeMissing(BrokerConnection connection) {
    if (connection != null && connection == current) {
      session.subscribeMissing(connection);
    }
  }

  private void subscribed(BrokerConnection connection, MqttSubAckMessage suback) {
    session.subscribed(connection, suback);
    subscribeMissing(connection); // filters the hub added while this SUBACK was on its way
    readyOnceSubscribed(connection);
  }

  private void connectFailed(Throwable failure) {
    failedAttempts++;
    long delay = reconnects.nextDelayMillis();
    String line = "[broker: {}, client: {}] cannot connect to the external MQTT broker: {}; attempt {} again in {} ms";
    if (failedAttempts % WARN_EVERY == 1) {
      log.warn(line, broker.url(), broker.clientId(), failure.toString(), failedAttempts + 1, delay);
    } else {
      log.debug(line, broker.url(), broker.clientId(), failure.toString(), failedAttempts + 1, delay);
    }
    schedule(delay);
  }

  private void lost(BrokerConnection connection, String why) {
    connection.closed();
    if (connection != current) {
      return;
    }
    session.lost(connection);
    current = null;
    if (ready) {
      ready = false;
      metrics.connected(false);
      connectedListener.accept(false);
    }
    String reason = connection.refusing() ? "to have a refused message sent again" : stopped ? "the edge is stopping" : why;
    log.info("[broker: {}, client: {}] disconnected from the external MQTT broker: {}", broker.url(),
        broker.clientId(), reason);
    if (connection.refusing()) {
      schedule(0);
    } else {
      schedule(reconnects.nextDelayMillis());
    }
  }

  private void schedule(long delayMillis) {
    if (stopped) {
      return;
    }
    vertx.cancelTimer(timer);
    timer = vertx.setTimer(Math.max(1, delayMillis), id -> connect());
  }

  /** Runs {@code action} on the bus's event loop; its result completes on the caller's context. */
  private <T> Future<T> onLoop(Supplier<Future<T>> action) {
    ContextInternal running = loop;
    if (running == null || stopped) {
      metrics.publishFailed(ExternalBusMetrics.PublishFailure.DISCONNECTED);
      return Future.failedFuture(new BrokerUnavailableException("the external MQTT bus is not running"));
    }
    if (Vertx.currentContext() == running) {
      return action.get();
    }
    Context caller = Vertx.currentContext();
    Promise<T> answer = caller != null ? ((ContextInternal) caller).promise() : Promise.promise();
    running.runOnContext(v -> action.get().onComplete(answer));
    return answer.future();
  }

  private static String topicProblem(String topic) {
    if (topic == null || topic.isEmpty()) {
      return "an empty topic name";
    }
    if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.indexOf('\u0000') >= 0) {
      return "\"" + topic + "\": a topic name has no wildcards or NUL characters";
    }
    if (topic.getBytes(StandardCharsets.UTF_8).length > 65_535) {
      return "a topic name longer than 65535 bytes";
    }
    return null;
  }
}

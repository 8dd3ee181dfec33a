package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.opentelemetry.api.metrics.Meter;
import io.vertedge.api.ApiServers;
import io.vertedge.api.PortInUseException;
import io.vertedge.edge.eventbus.MqttBus;
import io.vertedge.mqtt.TopicFilter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The edge's embedded MQTT broker ({@code mqtt.mode: internal}, docs/mqtt.md) on Vert.x MQTT:
 * MQTT 3.1.1 and 5, QoS 0 and 1, retained messages, wildcards with the {@code $} rule,
 * persistent sessions with bounded queues, optional username and password, and limits on
 * packets, topics, in-flight messages and slow subscribers.
 *
 * <p>Deploy it once ({@code vertx.deployVerticle(broker)}): every client and all broker state
 * live on its one event loop. The hub talks to it through {@link #publish} and
 * {@link #subscribe}, from any thread; their futures complete on the caller's context. A port
 * in use fails the deploy with a {@link PortInUseException} naming {@code mqtt.port}.
 */
public final class MqttBroker extends VerticleBase implements MqttBus {

  private static final Logger log = LoggerFactory.getLogger(MqttBroker.class);
  /** A client that opened a socket and sent no CONNECT within this is closed. */
  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  private final BrokerConfig config;
  private final BrokerMetrics metrics;
  private volatile BrokerCore core;
  private volatile MqttServer server;
  /** In-process subscriptions made before the start, applied before the port opens; guarded by this. */
  private final List<Function<BrokerCore, Future<Void>>> beforeStart = new ArrayList<>();
  private boolean stopped;

  /** @param meter where the {@code vertedge.mqtt.*} instruments go (scope {@code io.vertedge.mqtt}) */
  public MqttBroker(BrokerConfig config, Meter meter) {
    this.config = Objects.requireNonNull(config, "config");
    this.metrics = new BrokerMetrics(Objects.requireNonNull(meter, "meter"));
  }

  @Override
  public Future<?> start() {
    BrokerCore started = new BrokerCore(vertx, (ContextInternal) context, config, metrics);
    List<Function<BrokerCore, Future<Void>>> early;
    synchronized (this) {
      core = started;
      early = List.copyOf(beforeStart);
      beforeStart.clear();
    }
    // before the port opens: no client's QoS 1 message may be acknowledged before the hub can take it
    early.forEach(subscription -> subscription.apply(started));
    MqttServerOptions options = new MqttServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setMaxMessageSize(config.limits().maxPacketSize())
        .setAutoClientId(false)
        .setTimeoutOnConnect(CONNECT_TIMEOUT_SECONDS);
    MqttServer created = MqttServer.create(vertx, options)
        .endpointHandler(endpoint -> ClientConnection.open(endpoint, started))
        .exceptionHandler(failure -> log.debug("MQTT server: {}", failure.toString()));
    if (!ClientSocket.supported()) {
      log.warn("this vertx-mqtt gives no access to client sockets: slow subscribers cannot pause publishers");
    }
    return created.listen()
        .recover(failure -> Future.failedFuture(ApiServers.isAddressInUse(failure)
            ? PortInUseException.forKey("edge", "mqtt.port", config.port(), "another MQTT broker, such as mosquitto?", failure)
            : failure))
        .onFailure(failure -> stopped())
        .onSuccess(bound -> {
          server = bound;
          log.info("[address: {}:{}] MQTT broker listening (MQTT 3.1.1 and 5; {})", config.host(), bound.actualPort(),
              config.credentials() == null ? "anonymous clients allowed" : "username and password required");
        });
  }

  /** Disconnects every client (MQTT 5: reason Server shutting down) and forgets all sessions. */
  @Override
  public Future<?> stop() {
    BrokerCore stopping = core;
    MqttServer bound = server;
    stopped();
    if (stopping == null) {
      return Future.succeededFuture();
    }
    // on the broker's loop, before the close: the server's close completes on another thread
    new ArrayList<>(stopping.connections).forEach(ClientConnection::shutDown);
    stopping.sessions.endAll();
    stopping.retained.clear();
    return bound == null ? Future.succeededFuture() : bound.close().onSuccess(closed -> log.info("MQTT broker stopped"));
  }

  private synchronized void stopped() {
    stopped = true;
    core = null;
    server = null;
  }

  /** The port bound (useful with port 0), or -1 when not running. */
  public int actualPort() {
    MqttServer bound = server;
    return bound == null ? -1 : bound.actualPort();
  }

  /** Where clients connect, e.g. {@code tcp://127.0.0.1:1883}, or {@code null} when not running. */
  public String url() {
    int port = actualPort();
    return port < 0 ? null : "tcp://" + config.host() + ":" + port;
  }

  /**
   * Publishes as the hub. Completes once every in-process consumer took a QoS 1 message and no
   * subscriber of it is over half its queue bound (the back-pressure a client gets by not being
   * read); fails with an {@link IllegalArgumentException} for a bad topic or QoS 2. The broker
   * keeps {@code payload}: do not change it afterwards.
   */
  @Override
  public Future<Void> publish(String topic, Buffer payload, MqttQoS qos, boolean retain) {
    return onBroker(running -> {
      String problem = Topics.nameProblem(topic, config.limits().maxTopicLength());
      if (problem != null) {
        return Future.failedFuture(new IllegalArgumentException("cannot publish to " + problem));
      }
      if (qos != MqttQoS.AT_MOST_ONCE && qos != MqttQoS.AT_LEAST_ONCE) {
        return Future.failedFuture(new IllegalArgumentException(qos + " is not supported: publish with QoS 0 or 1"));
      }
      Router.Routed routed = running.router.route(
          new BrokerMessage(topic, payload, qos, retain, MqttProperties.NO_PROPERTIES, null), null);
      return Future.all(routed.accepted(), routed.drained()).mapEmpty();
    });
  }

  /**
   * Subscribes a consumer inside the hub to a topic filter, with QoS 0 or 1 (QoS 2 is granted as
   * 1). It gets the retained messages the filter matches at once, then every match, on the
   * context this method was called from (the broker's own when called from outside Vert.x).
   * Fails with an {@link IllegalArgumentException} for a malformed, too long or shared filter.
   * Called before the broker is deployed, the subscription is made at the start before the port
   * opens, and the future completes then (on the broker's event loop): subscribe the hub's
   * doors this way, so that no QoS 1 message is acknowledged before the hub can take it.
   */
  @Override
  public Future<LocalSubscription> subscribe(String filter, MqttQoS qos, InProcessConsumer consumer) {
    Objects.requireNonNull(consumer, "consumer");
    Context caller = Vertx.currentContext();
    MqttQoS granted = qos == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
    Function<BrokerCore, Future<LocalSubscription>> subscribing = running -> {
      TopicFilter parsed = Topics.filter(filter, config.limits().maxTopicLength());
      LocalConsumer local = new LocalConsumer(running.context, caller == null ? running.context : caller, consumer, metrics);
      Subscription subscription = new Subscription(local, parsed, MqttSubscriptionOption.onlyFromQos(granted));
      running.router.subscribe(subscription);
      return Future.succeededFuture(new LocalSubscription(filter, () -> onBroker(current -> {
        current.router.unsubscribe(subscription);
        return Future.succeededFuture();
      })));
    };
    synchronized (this) {
      if (core == null && !stopped) {
        Promise<LocalSubscription> applied = Promise.promise();
        beforeStart.add(running -> call(subscribing, running).onComplete(applied).mapEmpty());
        return applied.future();
      }
    }
    return onBroker(subscribing);
  }

  /** QoS 1, the door of reliable delivery: see {@link InProcessConsumer}. */
  public Future<LocalSubscription> subscribe(String filter, InProcessConsumer consumer) {
    return subscribe(filter, MqttQoS.AT_LEAST_ONCE, consumer);
  }

  /** Runs {@code action} on the broker's event loop; the result completes on the caller's context. */
  private <T> Future<T> onBroker(Function<BrokerCore, Future<T>> action) {
    BrokerCore running = core;
    if (running == null) {
      return Future.failedFuture(new IllegalStateException("the MQTT broker is not running"));
    }
    Promise<T> answer = ((VertxInternal) vertx).getOrCreateContext().promise();
    if (Vertx.currentContext() == running.context) {
      call(action, running).onComplete(answer);
    } else {
      running.context.runOnContext(v -> call(action, running).onComplete(answer));
    }
    return answer.future();
  }

  private static <T> Future<T> call(Function<BrokerCore, Future<T>> action, BrokerCore running) {
    try {
      return action.apply(running);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}

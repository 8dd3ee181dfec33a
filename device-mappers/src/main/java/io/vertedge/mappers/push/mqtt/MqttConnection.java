package io.vertedge.mappers.push.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertedge.mappers.push.OutageLog;
import io.vertedge.mappers.push.PushDroppedException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one connection to a broker that every mqtt target naming it shares. It connects when its
 * first target comes and disconnects when its last goes; lost, it reconnects with backoff
 * ({@link #FIRST_RECONNECT} doubling to {@link #MAX_RECONNECT}). While it is down, publishes wait
 * in a queue of {@link #QUEUE_LIMIT} (the oldest dropped when full), and QoS 1/2 publishes the
 * broker had not acknowledged are sent again. The outage is logged once when it starts and once
 * when it ends. Confined to the context that created it.
 */
final class MqttConnection {

  static final int QUEUE_LIMIT = 1000;
  static final Duration FIRST_RECONNECT = Duration.ofSeconds(1);
  static final Duration MAX_RECONNECT = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

  private record Pending(String topic, Buffer payload, MqttQoS qos, boolean retained, Promise<Void> done) { }

  private final Vertx vertx;
  private final BrokerAddress address;
  private final MqttClientOptions options;
  private final String name;
  private final Runnable onClosed;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  /** Sent at QoS 1/2, waiting for the broker's acknowledgement, by packet id in the order sent. */
  private final Map<Integer, Pending> unacknowledged = new LinkedHashMap<>();
  private MqttClient client;
  private boolean connected;
  private boolean closed;
  private boolean down;
  private int targets;
  private long reconnectTimer = -1;
  private Duration backoff = FIRST_RECONNECT;
  private long droppedInOutage;

  /** @param onClosed called once its last target is released, so the push method forgets it */
  MqttConnection(Vertx vertx, BrokerAddress address, String node, String clientId, Runnable onClosed) {
    this.vertx = vertx;
    this.address = address;
    this.onClosed = onClosed;
    this.name = "[node: " + node + "] mqtt push connection " + clientId + " to " + address;
    this.options = new MqttClientOptions().setClientId(clientId).setCleanSession(true)
        .setMaxInflightQueue(2 * QUEUE_LIMIT).setSsl(address.tls());
    if (address.tls()) {
      options.setHostnameVerificationAlgorithm("HTTPS");
    }
  }

  void acquire() {
    targets++;
    if (client == null && reconnectTimer == -1 && !closed) {
      connect();
    }
  }

  /** One target fewer; the last one closes the connection. */
  void release() {
    if (--targets == 0) {
      close();
    }
  }

  /** Completes once sent (QoS 0) or acknowledged (QoS 1 and 2). */
  Future<Void> publish(String topic, Buffer payload, MqttQoS qos, boolean retained) {
    if (closed) {
      return Future.failedFuture(new PushDroppedException(address + " is closed"));
    }
    Pending pending = new Pending(topic, payload, qos, retained, Promise.promise());
    if (connected) {
      send(pending);
    } else {
      enqueue(pending);
    }
    return pending.done().future();
  }

  boolean connected() {
    return connected;
  }

  Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    onClosed.run();
    if (reconnectTimer != -1) {
      vertx.cancelTimer(reconnectTimer);
    }
    List<Pending> unsent = new ArrayList<>(unacknowledged.values());
    unsent.addAll(queue);
    unacknowledged.clear();
    queue.clear();
    unsent.forEach(p -> p.done().tryFail(new PushDroppedException(address + " closed before it was sent")));
    MqttClient last = client;
    client = null;
    boolean wasConnected = connected;
    connected = false;
    log.debug("{} closed", name);
    return last != null && wasConnected ? last.disconnect().otherwiseEmpty() : Future.succeededFuture();
  }

  private void connect() {
    reconnectTimer = -1;
    MqttClient attempt = MqttClient.create(vertx, options);
    client = attempt;
    attempt.publishCompletionHandler(id -> {
      Pending acknowledged = unacknowledged.remove(id);
      if (acknowledged != null) {
        acknowledged.done().tryComplete();
      }
    });
    attempt.closeHandler(v -> lost(attempt, "connection closed"));
    attempt.connect(address.port(), address.host()).onSuccess(ack -> connected(attempt))
        .onFailure(failure -> lost(attempt, OutageLog.why(failure)));
  }

  private void connected(MqttClient attempt) {
    if (attempt != client || closed) {
      attempt.disconnect();
      return;
    }
    connected = true;
    backoff = FIRST_RECONNECT;
    if (down) {
      down = false;
      log.info("{} connected again; {} readings dropped meanwhile, {} queued now sent", name, droppedInOutage, queue.size());
      droppedInOutage = 0;
    } else {
      log.info("{} connected", name);
    }
    while (connected && !queue.isEmpty()) {
      send(queue.poll());
    }
  }

  private void lost(MqttClient attempt, String why) {
    if (attempt != client || closed) {
      return;
    }
    client = null;
    connected = false;
    // not acknowledged: sent again, first, once connected (at least once, as QoS 1 promises)
    List<Pending> resend = new ArrayList<>(unacknowledged.values());
    unacknowledged.clear();
    for (int i = resend.size() - 1; i >= 0; i--) {
      queue.addFirst(resend.get(i));
    }
    trimQueue();
    if (!down) {
      down = true;
      log.warn("{} down (logged once until it is back): {}; up to {} readings wait, the oldest dropped beyond",
          name, why, QUEUE_LIMIT);
    } else {
      log.debug("{} still down, next try in {} ms: {}", name, backoff.toMillis(), why);
    }
    reconnectTimer = vertx.setTimer(backoff.toMillis(), id -> connect());
    backoff = backoff.multipliedBy(2).compareTo(MAX_RECONNECT) > 0 ? MAX_RECONNECT : backoff.multipliedBy(2);
  }

  private void send(Pending pending) {
    MqttClient current = client;
    current.publish(pending.topic(), pending.payload(), pending.qos(), false, pending.retained()).onComplete(sent -> {
      if (sent.failed()) {
        if (current == client && connected) {
          pending.done().tryFail(sent.cause());
        } else {
          enqueue(pending); // lost while being written: sent once back
        }
      } else if (pending.qos() == MqttQoS.AT_MOST_ONCE) {
        pending.done().tryComplete();
      } else if (current == client) {
        unacknowledged.put(sent.result(), pending);
      } else {
        enqueue(pending);
      }
    });
  }

  private void enqueue(Pending pending) {
    if (closed) {
      pending.done().tryFail(new PushDroppedException(address + " closed before it was sent"));
      return;
    }
    queue.add(pending);
    trimQueue();
  }

  private void trimQueue() {
    while (queue.size() > QUEUE_LIMIT) {
      droppedInOutage++;
      queue.poll().done().tryFail(new PushDroppedException("queue of " + QUEUE_LIMIT + " full while " + address
          + " is down: oldest reading dropped"));
    }
  }
}

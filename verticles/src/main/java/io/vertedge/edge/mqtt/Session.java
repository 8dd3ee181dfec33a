package io.vertedge.edge.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One client id's session: its subscriptions, the messages queued for it and its QoS 1
 * messages in flight (sent, not yet acknowledged). While connected it writes to its
 * {@link SessionLink} as fast as the socket takes bytes and the client acknowledges; the rest
 * waits in a queue bounded by {@code maxQueuedMessages}/{@code maxQueuedBytes}. Past the bound
 * a QoS 0 message is dropped and a QoS 1 message disconnects the client. A persistent session
 * outlives its connection with its QoS 1 messages and gets them again, in flight ones first
 * (DUP set), when the client is back. Used on the broker's event loop only.
 */
final class Session implements Subscriber {

  private static final Logger log = LoggerFactory.getLogger(Session.class);
  /** Bytes handed to the socket and not yet written: enough to keep a fast client busy. */
  private static final long WRITE_WINDOW = 64 * 1024;

  private final String clientId;
  private final BrokerLimits limits;
  private final BrokerMetrics metrics;
  private final Congestion congestion;
  private final Map<String, Subscription> subscriptions = new HashMap<>();
  private final ArrayDeque<BrokerMessage> queue = new ArrayDeque<>();
  private final LinkedHashMap<Integer, BrokerMessage> inflight = new LinkedHashMap<>();
  private long queuedBytes;
  private long writing;
  private int lastPacketId;
  private SessionLink link;
  private Duration keepFor = Duration.ZERO;
  private boolean ended;
  private boolean pumping;
  private boolean pumpAgain;
  private long droppedWhileFull;
  long expiryTimer = -1;

  Session(String clientId, Vertx vertx, BrokerLimits limits, BrokerMetrics metrics) {
    this.clientId = clientId;
    this.limits = limits;
    this.metrics = metrics;
    this.congestion = new Congestion(vertx, limits, this::tooSlow);
  }

  String clientId() {
    return clientId;
  }

  Map<String, Subscription> subscriptions() {
    return subscriptions;
  }

  boolean online() {
    return link != null;
  }

  SessionLink link() {
    return link;
  }

  /** How long the session outlives its connection; zero: it ends with it. */
  Duration keepFor() {
    return keepFor;
  }

  void keepFor(Duration duration) {
    keepFor = duration;
  }

  /** Starts writing to a connection: unacknowledged QoS 1 messages again (DUP), then the queue. */
  void attach(SessionLink connection, Duration keep) {
    link = connection;
    keepFor = keep;
    for (Map.Entry<Integer, BrokerMessage> unacknowledged : inflight.entrySet()) {
      write(unacknowledged.getValue(), unacknowledged.getKey(), true);
    }
    pump();
  }

  /**
   * Stops writing to {@code connection}; queued QoS 0 messages are dropped for {@code reason}.
   * False when the session was not attached to it (taken over, detached already).
   */
  boolean detach(SessionLink connection, BrokerMetrics.Drop reason) {
    if (link == null || link != connection) {
      return false;
    }
    link = null;
    int before = queue.size();
    queue.removeIf(message -> {
      boolean atMostOnce = message.qos() == MqttQoS.AT_MOST_ONCE;
      if (atMostOnce) {
        queuedBytes -= message.queuedSize();
      }
      return atMostOnce;
    });
    metrics.dropped(reason, before - queue.size());
    metrics.queued(queue.size() - before);
    congestion.release();
    endDropEpisode();
    return true;
  }

  /** Drops everything the session holds; it takes nothing more. */
  void end() {
    ended = true;
    link = null;
    metrics.dropped(BrokerMetrics.Drop.SESSION_ENDED, queue.size() + inflight.size());
    metrics.queued(-queue.size());
    queue.clear();
    inflight.clear();
    queuedBytes = 0;
    congestion.release();
  }

  /**
   * Takes a message for the client (its QoS and retain flag as delivered). Returns what a
   * publisher should wait on because this client's queue is congested, or {@code null}.
   */
  Future<Void> offer(BrokerMessage message) {
    if (link == null) {
      offerOffline(message);
      return null;
    }
    if (full(message)) {
      if (message.qos() == MqttQoS.AT_MOST_ONCE) {
        dropBecauseFull();
        return congestion.hold();
      }
      link.cutOff("its queue is full (" + queue.size() + " messages, " + queuedBytes + " bytes)");
      offerOffline(message);
      return null;
    }
    enqueue(message);
    pump();
    return congestion.hold();
  }

  /** The client acknowledged a QoS 1 message (PUBACK). */
  void acknowledged(int packetId) {
    if (inflight.remove(packetId) != null) {
      pump();
    }
  }

  int queued() {
    return queue.size();
  }

  int inflight() {
    return inflight.size();
  }

  private void offerOffline(BrokerMessage message) {
    if (ended) {
      metrics.dropped(BrokerMetrics.Drop.SESSION_ENDED, 1);
    } else if (message.qos() == MqttQoS.AT_MOST_ONCE) {
      metrics.dropped(BrokerMetrics.Drop.CLIENT_OFFLINE, 1);
    } else if (full(message)) {
      dropBecauseFull();
    } else {
      enqueue(message);
    }
  }

  private boolean full(BrokerMessage message) {
    return !queue.isEmpty() && (queue.size() >= limits.maxQueuedMessages()
        || queuedBytes + message.queuedSize() > limits.maxQueuedBytes());
  }

  private void enqueue(BrokerMessage message) {
    queue.add(message);
    queuedBytes += message.queuedSize();
    metrics.queued(1);
  }

  /** Writes from the queue while the socket and the client's window take more; re-entrant safe. */
  private void pump() {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        drain();
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
    if (link != null && congestion.update(queue.size(), queuedBytes)) {
      endDropEpisode();
    }
  }

  private void drain() {
    while (link != null && !queue.isEmpty() && writing < WRITE_WINDOW) {
      BrokerMessage head = queue.peek();
      boolean atLeastOnce = head.qos() == MqttQoS.AT_LEAST_ONCE;
      if (atLeastOnce && inflight.size() >= link.receiveMaximum()) {
        return;
      }
      queue.poll();
      queuedBytes -= head.queuedSize();
      metrics.queued(-1);
      if (link.maxPacketSize() != Long.MAX_VALUE && PacketSize.publish(head, link.mqtt5()) > link.maxPacketSize()) {
        metrics.dropped(BrokerMetrics.Drop.PACKET_TOO_LARGE, 1);
        continue;
      }
      int packetId = 0;
      if (atLeastOnce) {
        packetId = nextPacketId();
        inflight.put(packetId, head);
      }
      write(head, packetId, false);
    }
  }

  private void write(BrokerMessage message, int packetId, boolean dup) {
    long size = message.queuedSize();
    writing += size;
    metrics.sent(message.qos());
    link.send(message, packetId, dup).onComplete(written -> {
      writing -= size;
      if (written.succeeded()) {
        pump();
      }
    });
  }

  private int nextPacketId() {
    do {
      lastPacketId = lastPacketId % 65_535 + 1;
    } while (inflight.containsKey(lastPacketId));
    return lastPacketId;
  }

  private void tooSlow() {
    if (link != null) {
      link.cutOff("it kept publishers waiting for " + limits.slowSubscriberTimeout().toMillis() + " ms");
    }
  }

  private void dropBecauseFull() {
    metrics.dropped(BrokerMetrics.Drop.QUEUE_FULL, 1);
    if (droppedWhileFull++ == 0) {
      log.warn("[client: {}] queue full ({} messages, {} bytes): dropping messages for it until there is room",
          clientId, queue.size(), queuedBytes);
    }
  }

  private void endDropEpisode() {
    if (droppedWhileFull > 0) {
      log.warn("[client: {}] dropped {} messages while its queue was full", clientId, droppedWhileFull);
      droppedWhileFull = 0;
    }
  }
}

package io.vertedge.link;

import com.google.protobuf.ByteString;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link Link} over any {@link Connection}, once the hello succeeded. Answers pings, sends
 * them when it is the pinging side (the edge), closes the link when the peer has been silent
 * for {@code interval x misses}, and turns every way of ending into one {@link LinkClosed}.
 * Runs entirely on the connection's context.
 */
public final class LinkSession implements Link {

  private static final Logger log = LoggerFactory.getLogger(LinkSession.class);

  private final Vertx vertx;
  private final Connection connection;
  private final String node;
  private final String peerVersion;
  private final LinkMetrics metrics;
  private final boolean sendsPings;
  private final long pingEveryMillis;
  private final long silenceLimitMillis;
  private final Instant connectedSince = Instant.now();
  private final Map<String, Promise<Duration>> pingsInFlight = new HashMap<>();
  private Handler<Envelope> handler = envelope -> { };
  private Handler<LinkClosed> closeHandler = closed -> { };
  private volatile Instant lastHeartbeat = connectedSince;
  private long lastInboundNanos = System.nanoTime();
  private volatile long messagesIn;
  private volatile long messagesOut;
  private long timerId = -1;
  private Future<Void> lastWrite = Future.succeededFuture();
  private volatile boolean open = true;

  /**
   * @param sendsPings      true on the edge: it pings every {@code pingEvery}; the cloud only answers
   * @param pingEvery       how often this side pings, or (cloud) how often the peer said it pings
   * @param misses          silent intervals tolerated before the link is declared dead
   */
  public LinkSession(Vertx vertx, Connection connection, String node, String peerVersion, LinkMetrics metrics,
                     boolean sendsPings, Duration pingEvery, int misses) {
    this.vertx = vertx;
    this.connection = connection;
    this.node = node;
    this.peerVersion = peerVersion;
    this.metrics = metrics;
    this.sendsPings = sendsPings;
    this.pingEveryMillis = Math.max(1, pingEvery.toMillis());
    this.silenceLimitMillis = pingEveryMillis * Math.max(1, misses);
  }

  /** Takes over the connection's handlers and starts the heartbeat timer. */
  public LinkSession start() {
    connection.envelopeHandler(this::onEnvelope);
    connection.closedHandler(reason -> ended(reason, true));
    metrics.linkUp(connection.transport());
    timerId = vertx.setPeriodic(pingEveryMillis, id -> onTick());
    return this;
  }

  @Override public String transport() { return connection.transport(); }
  @Override public String node() { return node; }
  @Override public SocketAddress remoteAddress() { return connection.remoteAddress(); }
  @Override public String peerVersion() { return peerVersion; }
  @Override public Instant connectedSince() { return connectedSince; }
  @Override public Instant lastHeartbeat() { return lastHeartbeat; }
  @Override public long messagesIn() { return messagesIn; }
  @Override public long messagesOut() { return messagesOut; }
  @Override public long bytesIn() { return connection.bytesIn(); }
  @Override public long bytesOut() { return connection.bytesOut(); }
  @Override public boolean isOpen() { return open; }

  @Override
  public Future<Void> send(Envelope envelope) {
    if (!open) {
      return Future.failedFuture(new IllegalStateException("link to " + node + " is closed"));
    }
    messagesOut++;
    metrics.messageOut(envelope.getChannel());
    Future<Void> written = connection.write(envelope);
    lastWrite = written;
    return written;
  }

  /** Writes complete in the order they were sent, so the last one stands for all. */
  @Override
  public Future<Void> flushed() {
    return lastWrite.transform(ar -> Future.succeededFuture());
  }

  @Override
  public Link handler(Handler<Envelope> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public Link closeHandler(Handler<LinkClosed> handler) {
    this.closeHandler = handler;
    return this;
  }

  @Override
  public Future<Duration> ping(Duration timeout) {
    if (!open) {
      return Future.failedFuture(new IllegalStateException("link to " + node + " is closed"));
    }
    Envelope ping = control(LinkProtocol.PING, "", ByteString.EMPTY);
    Promise<Duration> promise = Promise.promise();
    long started = System.nanoTime();
    pingsInFlight.put(ping.getId(), promise);
    long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
      if (pingsInFlight.remove(ping.getId()) != null) {
        promise.tryFail(new java.util.concurrent.TimeoutException("no pong from " + node + " within " + timeout.toMillis() + " ms"));
      }
    });
    connection.write(ping);
    return promise.future()
        .map(ignored -> Duration.ofNanos(System.nanoTime() - started))
        .andThen(ar -> vertx.cancelTimer(timer));
  }

  @Override
  public Future<Void> close(String reason) {
    if (!open) {
      return Future.succeededFuture();
    }
    connection.write(control(LinkProtocol.CLOSE, "", ByteString.copyFromUtf8(reason)));
    ended(reason, false);
    return connection.close(reason);
  }

  private void onEnvelope(Envelope envelope) {
    lastInboundNanos = System.nanoTime();
    messagesIn++;
    metrics.messageIn(envelope.getChannel());
    if (envelope.getChannel() == Channel.CONTROL && LinkProtocol.GROUP.equals(envelope.getRoute().getGroup())) {
      onControl(envelope);
    } else {
      handler.handle(envelope);
    }
  }

  private void onControl(Envelope envelope) {
    switch (envelope.getRoute().getOperation()) {
      case LinkProtocol.PING -> {
        lastHeartbeat = Instant.now();
        connection.write(control(LinkProtocol.PONG, envelope.getId(), ByteString.EMPTY));
      }
      case LinkProtocol.PONG -> {
        lastHeartbeat = Instant.now();
        Promise<Duration> waiting = pingsInFlight.remove(envelope.getParentId());
        if (waiting != null) {
          waiting.tryComplete();
        }
      }
      case LinkProtocol.CLOSE -> {
        String reason = envelope.getContent().toString(StandardCharsets.UTF_8);
        ended(reason.isEmpty() ? "closed by peer" : reason, true);
        connection.close(reason);
      }
      default -> log.debug("[node: {}] ignoring control operation {}", node, envelope.getRoute().getOperation());
    }
  }

  private void onTick() {
    long silentMillis = (System.nanoTime() - lastInboundNanos) / 1_000_000;
    if (silentMillis >= silenceLimitMillis) {
      metrics.heartbeatTimeout(connection.transport());
      String reason = "heartbeat missed: nothing received for " + silentMillis + " ms";
      log.warn("[node: {}, remote: {}] {}", node, connection.remoteAddress(), reason);
      close(reason);
      return;
    }
    if (sendsPings) {
      connection.write(control(LinkProtocol.PING, "", ByteString.EMPTY));
    }
  }

  private void ended(String reason, boolean byPeer) {
    if (!open) {
      return;
    }
    open = false;
    vertx.cancelTimer(timerId);
    metrics.linkDown(connection.transport());
    pingsInFlight.values().forEach(p -> p.tryFail(new IllegalStateException("link closed: " + reason)));
    pingsInFlight.clear();
    closeHandler.handle(new LinkClosed(reason, byPeer));
  }

  static Envelope control(String operation, String parentId, ByteString content) {
    return Envelope.newBuilder()
        .setId(Ids.next())
        .setParentId(parentId)
        .setTimestamp(System.currentTimeMillis())
        .setChannel(Channel.CONTROL)
        .setRoute(Route.newBuilder().setGroup(LinkProtocol.GROUP).setOperation(operation))
        .setContent(content)
        .build();
  }
}

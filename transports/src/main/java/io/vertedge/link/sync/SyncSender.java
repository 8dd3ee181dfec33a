package io.vertedge.link.sync;

import io.vertedge.link.Link;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Sends one channel's source to one peer, across links: on each new link it waits for the
 * peer's {@code resume}, then sends everything above that mark within a window, and lets the
 * source go of what the peer acknowledged. What was in flight on a lost link is sent again
 * from the mark the peer resumes with. Confined to one Vert.x context.
 */
public final class SyncSender {

  private static final Logger log = LoggerFactory.getLogger(SyncSender.class);

  private record InFlight(long mark, int bytes) { }

  private final String peer;
  private final Channel channel;
  private final String stream;
  private final SyncSource source;
  private final SyncSettings settings;
  private final SyncMetrics metrics;
  private final Context context;
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private Link link;
  private long generation;
  private boolean resumed;
  private boolean reading;
  /** New data was announced while a read was on its way, which may have missed it: read again after it. */
  private boolean newDataWhileReading;
  private long acked;
  private long sentUpTo;
  private long highestEverSent;
  private long inFlightBytes;
  /** inFlight's size for the metrics thread. */
  private volatile int inFlightCount;

  public SyncSender(String peer, Channel channel, SyncSource source, SyncSettings settings, SyncMetrics metrics,
                    Context context) {
    this(peer, channel, "", source, settings, metrics, context);
  }

  /** A sender of one of the channel's further streams ({@code stream} not empty), with marks of its own. */
  public SyncSender(String peer, Channel channel, String stream, SyncSource source, SyncSettings settings,
                    SyncMetrics metrics, Context context) {
    this.peer = peer;
    this.channel = channel;
    this.stream = stream;
    this.source = source;
    this.settings = settings;
    this.metrics = metrics;
    this.context = context;
    source.newDataHandler(() -> onContext(this::newData));
    metrics.track(this);
  }

  public Channel channel() {
    return channel;
  }

  /** The stream's name in the protocol: the channel, or {@code CHANNEL/stream}. */
  public String streamKey() {
    return SyncProtocol.streamKey(channel, stream);
  }

  /** Highest mark the peer acknowledged (or resumed with). */
  public long acked() {
    return acked;
  }

  /** Envelopes sent on the current link and not yet acknowledged. */
  public int inFlight() {
    return inFlightCount;
  }

  void attach(Link newLink) {
    onContext(() -> {
      link = newLink;
      generation++;
      resumed = false;
      inFlight.clear();
      inFlightBytes = 0;
      inFlightCount = 0;
    });
  }

  void onResume(Link from, long mark) {
    onContext(() -> {
      if (from != link) {
        return;
      }
      advance(mark);
      sentUpTo = Math.max(mark, acked);
      resumed = true;
      log.debug("[node: {}, stream: {}] peer resumes after {}", peer, streamKey(), mark);
      pump();
    });
  }

  void onAck(Link from, long mark) {
    onContext(() -> {
      if (from != link) {
        return;
      }
      advance(mark);
      while (!inFlight.isEmpty() && inFlight.peek().mark() <= mark) {
        inFlightBytes -= inFlight.poll().bytes();
      }
      inFlightCount = inFlight.size();
      metrics.acked(channel);
      pump();
    });
  }

  private void advance(long mark) {
    if (mark > acked) {
      acked = mark;
      source.acknowledged(mark);
    }
  }

  private void pump() {
    if (link == null || !link.isOpen() || !resumed || reading) {
      return;
    }
    int room = settings.maxInFlight() - inFlight.size();
    if (room <= 0 || inFlightBytes >= settings.maxInFlightBytes()) {
      return;
    }
    reading = true;
    newDataWhileReading = false;
    long readingFor = generation;
    source.read(sentUpTo, Math.min(room, settings.readBatch())).onComplete(ar -> onContext(() -> {
      reading = false;
      if (readingFor != generation) {
        pump();
        return;
      }
      if (ar.failed()) {
        log.error("[node: {}, stream: {}] reading what to send failed; closing the link so it starts over",
            peer, streamKey(), ar.cause());
        link.close("cannot read the " + streamKey() + " outbox: " + ar.cause().getMessage());
        return;
      }
      List<Envelope> batch = ar.result();
      for (Envelope envelope : batch) {
        send(envelope);
      }
      if (!batch.isEmpty() || newDataWhileReading) {
        pump();
      }
    }));
  }

  private void newData() {
    if (reading) {
      newDataWhileReading = true;
    }
    pump();
  }

  private void send(Envelope envelope) {
    long mark = envelope.getSequence();
    if (mark <= sentUpTo) {
      return;
    }
    if (mark <= highestEverSent) {
      metrics.resent(channel);
    }
    highestEverSent = Math.max(highestEverSent, mark);
    sentUpTo = mark;
    int bytes = envelope.getSerializedSize();
    inFlight.add(new InFlight(mark, bytes));
    inFlightBytes += bytes;
    inFlightCount = inFlight.size();
    link.send(envelope.getChannel() == channel && envelope.getStream().equals(stream) ? envelope
        : envelope.toBuilder().setChannel(channel).setStream(stream).build());
  }

  private void onContext(Runnable action) {
    if (context == io.vertx.core.Vertx.currentContext()) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}

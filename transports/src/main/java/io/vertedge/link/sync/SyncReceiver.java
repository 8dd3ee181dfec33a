package io.vertedge.link.sync;

import io.vertedge.link.Link;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Receives one channel from one peer, across links: tells each new link where to resume,
 * hands what arrives to the sink in batches — one durable write in flight at a time, so
 * envelopes arriving meanwhile form the next batch — and acknowledges each batch once it is
 * durable. Anything at or below what is already held or queued is a duplicate (a resend after
 * a lost ack) and is dropped, counted. Confined to one Vert.x context.
 */
public final class SyncReceiver {

  private static final Logger log = LoggerFactory.getLogger(SyncReceiver.class);
  private static final int MAX_BATCH = 4_096;

  private final String peer;
  private final Channel channel;
  private final String stream;
  private final SyncSink sink;
  private final SyncMetrics metrics;
  private final Context context;
  private final List<Envelope> pending = new ArrayList<>();
  private Handler<List<Envelope>> appliedHandler = applied -> { };
  private Handler<Envelope> arrivedHandler = arrived -> { };
  private Link link;
  private boolean applying;
  private long queuedUpTo;

  public SyncReceiver(String peer, Channel channel, SyncSink sink, SyncMetrics metrics, Context context) {
    this(peer, channel, "", sink, metrics, context);
  }

  /** A receiver of one of the channel's further streams ({@code stream} not empty), with marks of its own. */
  public SyncReceiver(String peer, Channel channel, String stream, SyncSink sink, SyncMetrics metrics,
                      Context context) {
    this.peer = peer;
    this.channel = channel;
    this.stream = stream;
    this.sink = sink;
    this.metrics = metrics;
    this.context = context;
    this.queuedUpTo = sink.mark();
  }

  public Channel channel() {
    return channel;
  }

  /** The stream's name in the protocol: the channel, or {@code CHANNEL/stream}. */
  public String streamKey() {
    return SyncProtocol.streamKey(channel, stream);
  }

  /** Called on the receiver's context with each batch once it is durable. */
  public SyncReceiver appliedHandler(Handler<List<Envelope>> handler) {
    this.appliedHandler = handler;
    return this;
  }

  /**
   * Called on the receiver's context with each new envelope as it arrives, in order, before it
   * is durable: for readers of state that is the newest whether or not it is kept yet, and that
   * should not wait for a forced write. Not acknowledged until durable, so if storing it fails
   * the peer sends it again and this handler sees it again; duplicates of what was already
   * queued are not passed on.
   */
  public SyncReceiver arrivedHandler(Handler<Envelope> handler) {
    this.arrivedHandler = handler;
    return this;
  }

  void attach(Link newLink) {
    onContext(() -> {
      link = newLink;
      newLink.send(SyncProtocol.control(SyncProtocol.RESUME, streamKey(), sink.mark()));
    });
  }

  void onEnvelope(Envelope envelope) {
    onContext(() -> {
      long mark = envelope.getSequence();
      if (mark <= queuedUpTo) {
        metrics.duplicate(channel);
        if (!applying && pending.isEmpty()) {
          acknowledge(sink.mark());
        }
        return;
      }
      queuedUpTo = mark;
      pending.add(envelope);
      applyNext();
      arrivedHandler.handle(envelope);
    });
  }

  private void applyNext() {
    if (applying || pending.isEmpty()) {
      return;
    }
    List<Envelope> batch;
    if (pending.size() <= MAX_BATCH) {
      batch = new ArrayList<>(pending);
      pending.clear();
    } else {
      batch = new ArrayList<>(pending.subList(0, MAX_BATCH));
      pending.subList(0, MAX_BATCH).clear();
    }
    applying = true;
    sink.apply(batch).onComplete(ar -> onContext(() -> {
      applying = false;
      if (ar.succeeded()) {
        acknowledge(batch.get(batch.size() - 1).getSequence());
        appliedHandler.handle(batch);
      } else {
        // nothing of the batch counts as received: start over from the durable mark
        log.error("[node: {}, stream: {}] storing {} received envelopes failed; the peer will resend them",
            peer, streamKey(), batch.size(), ar.cause());
        pending.clear();
        queuedUpTo = sink.mark();
        if (link != null) {
          link.close("cannot store what was received on " + streamKey() + ": " + ar.cause().getMessage());
        }
      }
      applyNext();
    }));
  }

  private void acknowledge(long mark) {
    if (link != null && link.isOpen()) {
      link.send(SyncProtocol.control(SyncProtocol.ACK, streamKey(), mark));
    }
  }

  private void onContext(Runnable action) {
    if (context == io.vertx.core.Vertx.currentContext()) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}

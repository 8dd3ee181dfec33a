package io.vertedge.load.delivery;

import com.google.protobuf.ByteString;
import io.vertedge.delivery.LogOutbox;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.Context;

import java.util.Random;

/**
 * A producer at the door of the edge's outbox, on its own event loop, which times each event
 * from the accept call to its future (durable at the edge) and to the cloud's acknowledgement
 * (observed through {@link LogOutbox#acknowledgedHandler}, on the edge hub's loop). Two ways to
 * keep the door busy, see {@link Window}. It must be the outbox's only writer: the i-th accept
 * of a run must get sequence {@code base + i}, which it checks.
 */
final class DoorProducer {

  /** What the producer keeps at most {@code inFlight} of. */
  enum Window {
    /**
     * Accepts whose future has not completed: the next event goes in as soon as one is durable
     * at the edge, whatever the link does. The door runs as fast as the outbox takes events;
     * if that is faster than the link delivers, the outbox fills and the time to the cloud's
     * ack grows with the backlog (so it depends on the run's length).
     */
    ACCEPTED,
    /**
     * Events not yet acknowledged by the cloud: the next event goes in once one is durable at
     * the cloud. A closed loop end to end: the throughput the whole path sustains with that many
     * events on their way, and the latency that goes with it.
     */
    ACKED
  }

  private final Context context;
  private final LogOutbox outbox;
  private final ByteString payload;
  private final Route route = Route.newBuilder().setSource("bench").setGroup("reports").setOperation("upload")
      .setResource("meter").build();
  private volatile Run current;
  private volatile String ackThread = "?";
  /** The sequence the next accept will get; 0 until {@link #prime} learned it. */
  private long next;
  private int runs;

  /** Created on the producer's context, which every later call must be on too. */
  DoorProducer(LogOutbox outbox, int payloadBytes) {
    this.context = Vertx.currentContext();
    this.outbox = outbox;
    byte[] bytes = new byte[payloadBytes];
    new Random(42).nextBytes(bytes);
    this.payload = ByteString.copyFrom(bytes);
    outbox.acknowledgedHandler(this::onAck);
  }

  /** The size of one event as the outbox stores it and the link carries it (before the sequence is set). */
  int encodedSize() {
    return envelope("r1-", 123_456).getSerializedSize();
  }

  /** The thread the acknowledgements arrive on (the edge hub's event loop). */
  String ackThread() {
    return ackThread;
  }

  /** Accepts one event and waits for its acknowledgement, to learn where the sequences stand. */
  Future<Void> prime() {
    Promise<Void> done = Promise.promise();
    outbox.accept(envelope("prime-", 0)).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      long sequence = ar.result();
      next = sequence + 1;
      current = new Run(sequence, 1, 0, Window.ACCEPTED);
      current.allAcked.future().onComplete(v -> done.tryComplete());
      if (outbox.pending() == 0) {
        current = null;
        done.tryComplete();
      }
    });
    return done.future();
  }

  /** Sends {@code messages} events with {@code inFlight} accepts outstanding; completes once all are acked. */
  Future<Result> run(int messages, int inFlight, Window window) {
    if (next == 0) {
      throw new IllegalStateException("prime() first");
    }
    Run run = new Run(next, messages, inFlight, window);
    next += messages;
    current = run;
    run.start();
    return run.result();
  }

  private void onAck(long mark) {
    ackThread = Thread.currentThread().getName();
    Run run = current;
    if (run != null) {
      run.acked(mark, System.nanoTime());
    }
  }

  private Envelope envelope(String prefix, int index) {
    return Envelope.newBuilder()
        .setId(prefix + index)
        .setTimestamp(System.currentTimeMillis())
        .setChannel(Channel.DATA)
        .setRoute(route)
        .setContent(payload)
        .build();
  }

  /**
   * One run's results.
   *
   * @param durableNanos per event, accept call to its future completing (durable at the edge), sorted
   * @param ackedNanos   per event, accept call to the cloud's ack covering it, sorted
   */
  record Result(int messages, long acceptElapsedNanos, long ackElapsedNanos, long[] durableNanos, long[] ackedNanos) {

    double acceptedPerSecond() {
      return messages / (acceptElapsedNanos / 1e9);
    }

    double ackedPerSecond() {
      return messages / (ackElapsedNanos / 1e9);
    }
  }

  private final class Run {
    private final long base;
    private final int messages;
    private final int inFlight;
    private final Window window;
    private final String prefix;
    private final long[] started;
    private final long[] durable;
    private final long[] acked;
    private final Promise<Void> allAcked = Promise.promise();
    private final Promise<Void> allDurable = Promise.promise();
    private final Promise<Result> result = Promise.promise();
    private long startedAt;
    private int issued;
    private int completed;
    private long lastDurableAt;
    private long lastAckAt;
    // the ack side: the hub's thread only
    private long ackedUpTo;

    Run(long base, int messages, int inFlight, Window window) {
      this.base = base;
      this.messages = messages;
      this.inFlight = inFlight;
      this.window = window;
      this.prefix = "r" + (++runs) + "-";
      this.started = new long[messages];
      this.durable = new long[messages];
      this.acked = new long[messages];
      this.ackedUpTo = base - 1;
    }

    void start() {
      startedAt = System.nanoTime();
      for (int i = 0; i < Math.min(inFlight, messages); i++) {
        issue();
      }
      Future.all(allDurable.future(), allAcked.future()).onComplete(ar -> {
        if (ar.failed()) {
          result.tryFail(ar.cause());
          return;
        }
        java.util.Arrays.sort(durable);
        java.util.Arrays.sort(acked);
        result.tryComplete(new Result(messages, lastDurableAt - startedAt, lastAckAt - startedAt, durable, acked));
      });
    }

    Future<Result> result() {
      return result.future();
    }

    private void issue() {
      int index = issued++;
      Envelope event = envelope(prefix, index);
      started[index] = System.nanoTime();
      outbox.accept(event).onComplete(ar -> {
        long now = System.nanoTime();
        if (ar.failed()) {
          allDurable.tryFail(ar.cause());
          return;
        }
        if (ar.result() != base + index) {
          allDurable.tryFail(new IllegalStateException("accept " + index + " got sequence " + ar.result()
              + ", expected " + (base + index) + ": is someone else writing to the outbox?"));
          return;
        }
        durable[index] = now - started[index];
        if (++completed == messages) {
          lastDurableAt = now;
          allDurable.tryComplete();
        } else if (window == Window.ACCEPTED && issued < messages) {
          issue();
        }
      });
    }

    /** On the producer's loop, in ACKED mode: {@code freed} events left the window. */
    private void issueMore(int freed) {
      for (int i = 0; i < freed && issued < messages; i++) {
        issue();
      }
    }

    /** On the hub's loop: every event up to {@code mark} is now durable at the cloud. */
    void acked(long mark, long now) {
      long upTo = Math.min(mark, base + messages - 1);
      for (long sequence = ackedUpTo + 1; sequence <= upTo; sequence++) {
        int index = (int) (sequence - base);
        acked[index] = now - started[index];
      }
      if (upTo > ackedUpTo) {
        int freed = (int) (upTo - ackedUpTo);
        ackedUpTo = upTo;
        if (window == Window.ACKED) {
          context.runOnContext(v -> issueMore(freed));
        }
        if (upTo == base + messages - 1) {
          lastAckAt = now;
          allAcked.tryComplete();
        }
      }
    }
  }
}

package io.vertedge.link.sync;

import com.google.protobuf.ByteString;
import io.vertedge.link.Backoff;
import io.vertedge.link.Link;
import io.vertedge.link.LinkAcceptor;
import io.vertedge.link.LinkKeeper;
import io.vertedge.link.LinkListener;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkProvider;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.NodeCertificates;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.quic.QuicLinkListener;
import io.vertedge.link.quic.QuicLinkProvider;
import io.vertedge.link.quic.QuicSettings;
import io.vertedge.link.LinkEndpoints;
import io.vertedge.link.websocket.WebSocketLinkListener;
import io.vertedge.link.websocket.WebSocketLinkProvider;
import io.vertedge.testsupport.Poll;
import io.vertedge.testsupport.TestPki;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol over real links, both transports: every event once and in order though links
 * drop mid-stream and acks get lost, the window bounding what is in flight.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReliableDeliveryTest {

  private static final int EVENTS = 20_000;

  @TempDir Path dir;
  private Vertx vertx;
  private TestPki pki;
  private LinkListener listener;
  private LinkKeeper keeper;
  private final BlockingQueue<Link> cloudLinks = new LinkedTransferQueue<>();
  private volatile Link latestCloudLink;
  private final LinkSettings settings = LinkSettings.defaults("test").withHeartbeat(Duration.ofSeconds(1), 3);

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    pki = TestPki.create(dir, "cloud");
  }

  @AfterEach
  void tearDown() {
    if (keeper != null) {
      LinkBehaviour.await(keeper.stop("test over"));
    }
    if (listener != null) {
      LinkBehaviour.await(listener.close());
    }
    LinkBehaviour.await(vertx.close());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"websocket", "quic"})
  void everyEventArrivesOnceAndInOrderThoughLinksDropAndAcksAreLost(String transport) throws Exception {
    MemorySource source = new MemorySource(EVENTS);
    // the sink cuts the link itself as the stream passes fixed points, so the stream's speed
    // cannot outrun the cuts: alternately between a durable batch and its ack (the sender
    // resends, the receiver drops duplicates) and just after the ack
    MemorySink sink = new MemorySink(vertx, () -> latestCloudLink, 2_000, 6_000, 10_000, 14_000, 18_000);
    Context cloudContext = vertx.getOrCreateContext();
    SyncReceiver receiver = new SyncReceiver("edge-1", Channel.DATA, sink, SyncMetrics.noop(), cloudContext);
    SyncSession cloudSide = new SyncSession("edge-1").receiver(receiver);
    int port = startCloud(transport, link -> cloudSide.bind(link, envelope -> { }));

    Context edgeContext = vertx.getOrCreateContext();
    SyncSender sender = new SyncSender("cloud", Channel.DATA, source, new SyncSettings(500, 1 << 20, 100),
        SyncMetrics.noop(), edgeContext);
    SyncSession edgeSide = new SyncSession("cloud").sender(sender);
    startEdge(transport, port, link -> edgeSide.bind(link, envelope -> { }), edgeContext);

    Poll.until(Duration.ofSeconds(60), "every event stored", () -> sink.received.size() >= EVENTS);
    // once the sender knows everything is held it resends nothing more: what is stored then is final
    Poll.until(Duration.ofSeconds(10), "the sender learns everything is held", () -> source.acknowledged.get() >= EVENTS);
    assertEquals(5, sink.cuts.get(), "links cut");
    assertTrue(cloudLinks.size() >= 6, "a link for the start and one after each cut: " + cloudLinks.size());
    assertEquals(EVENTS, sink.received.size(), "no duplicates stored");
    for (int i = 0; i < EVENTS; i++) {
      assertEquals(i + 1, sink.received.get(i).getSequence(), "in order");
    }
    assertEquals(EVENTS, source.acknowledged.get(), "the sender learnt that everything is held");
    assertTrue(source.maxInFlightSeen <= 500, "window respected: " + source.maxInFlightSeen);
  }

  @Test
  void dataAnnouncedWhileAReadIsOnItsWayIsSentThoughThatReadMissedIt() {
    FirstReadWaits source = new FirstReadWaits();
    MemorySink sink = new MemorySink(vertx);
    Context cloudContext = vertx.getOrCreateContext();
    SyncReceiver receiver = new SyncReceiver("edge-1", Channel.DATA, sink, SyncMetrics.noop(), cloudContext);
    SyncSession cloudSide = new SyncSession("edge-1").receiver(receiver);
    int port = startCloud("websocket", link -> cloudSide.bind(link, envelope -> { }));
    Context edgeContext = vertx.getOrCreateContext();
    SyncSender sender = new SyncSender("cloud", Channel.DATA, source, new SyncSettings(500, 1 << 20, 100),
        SyncMetrics.noop(), edgeContext);
    SyncSession edgeSide = new SyncSession("cloud").sender(sender);
    startEdge("websocket", port, link -> edgeSide.bind(link, envelope -> { }), edgeContext);

    // GIVEN the read that follows the peer's resume is on its way, having found nothing
    Poll.until(Duration.ofSeconds(30), "the first read started", () -> source.firstRead != null);
    // WHEN an event becomes durable and is announced meanwhile, and then that read answers (empty)
    source.events.add(Envelope.newBuilder().setChannel(Channel.DATA).setSequence(1)
        .setContent(ByteString.copyFromUtf8("event 1")).build());
    source.handler.run();
    source.firstRead.complete(List.of());
    // THEN the sender reads again and the event arrives (a device moved to a node as it linked once stayed behind)
    Poll.until(Duration.ofSeconds(10), "the event announced during the read arrives", () -> sink.received.size() == 1);
  }

  @Test
  void theArrivedHandlerHearsOfEachEnvelopeBeforeItIsStoredAndOnlyOnce() {
    MemorySource source = new MemorySource(3);
    HeldSink sink = new HeldSink();
    List<Long> arrived = new CopyOnWriteArrayList<>();
    Context cloudContext = vertx.getOrCreateContext();
    SyncReceiver receiver = new SyncReceiver("edge-1", Channel.DATA, sink, SyncMetrics.noop(), cloudContext)
        .arrivedHandler(envelope -> arrived.add(envelope.getSequence()));
    SyncSession cloudSide = new SyncSession("edge-1").receiver(receiver);
    int port = startCloud("websocket", link -> cloudSide.bind(link, envelope -> { }));
    Context edgeContext = vertx.getOrCreateContext();
    SyncSender sender = new SyncSender("cloud", Channel.DATA, source, new SyncSettings(500, 1 << 20, 100),
        SyncMetrics.noop(), edgeContext);
    startEdge("websocket", port, link -> new SyncSession("cloud").sender(sender).bind(link, envelope -> { }), edgeContext);

    // GIVEN a store that holds its first write until the test lets it go
    Poll.until(Duration.ofSeconds(30), "all three envelopes heard of", () -> arrived.size() == 3);
    // THEN they were heard of in order while nothing is stored yet, and nothing is acknowledged
    assertEquals(List.of(1L, 2L, 3L), arrived);
    assertEquals(0, sink.stored.size());
    assertEquals(0, source.acknowledged.get());

    // WHEN the store goes on
    sink.release();
    Poll.until(Duration.ofSeconds(30), "all stored and acknowledged", () -> source.acknowledged.get() == 3);
    assertEquals(3, sink.stored.size());
    assertEquals(List.of(1L, 2L, 3L), arrived, "each heard of once");
  }

  /** Holds every write until released, then writes at once. */
  private static final class HeldSink implements SyncSink {
    final List<Envelope> stored = new CopyOnWriteArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    private boolean released;
    private volatile long mark;

    @Override
    public long mark() {
      return mark;
    }

    @Override
    public synchronized Future<Void> apply(List<Envelope> envelopes) {
      io.vertx.core.Promise<Void> durable = io.vertx.core.Promise.promise();
      Runnable write = () -> {
        stored.addAll(envelopes);
        mark = envelopes.get(envelopes.size() - 1).getSequence();
        durable.complete();
      };
      if (released) {
        write.run();
      } else {
        held.add(write);
      }
      return durable.future();
    }

    synchronized void release() {
      released = true;
      held.forEach(Runnable::run);
      held.clear();
    }
  }

  /** Empty at first; its first read answers only when the test says so. */
  private static final class FirstReadWaits implements SyncSource {
    final List<Envelope> events = new CopyOnWriteArrayList<>();
    volatile io.vertx.core.Promise<List<Envelope>> firstRead;
    volatile Runnable handler = () -> { };

    @Override
    public Future<List<Envelope>> read(long after, int max) {
      if (firstRead == null) {
        firstRead = io.vertx.core.Promise.promise();
        return firstRead.future();
      }
      return Future.succeededFuture(events.stream().filter(e -> e.getSequence() > after).limit(max).toList());
    }

    @Override
    public void acknowledged(long mark) { }

    @Override
    public void newDataHandler(Runnable handler) {
      this.handler = handler;
    }
  }

  private int startCloud(String transport, java.util.function.Consumer<Link> onLink) {
    listener = transport.equals("quic")
        ? new QuicLinkListener(vertx, pki.server(), settings.maxFrameSize(), QuicSettings.defaults(), LinkMetrics.noop())
        : new WebSocketLinkListener(vertx, pki.server(), settings.maxFrameSize(), LinkMetrics.noop());
    LinkAcceptor acceptor = new LinkAcceptor(vertx, settings, LinkMetrics.noop(), NodeCertificates::verifyHello);
    listener.connectionHandler(connection -> acceptor.accept(connection).onSuccess(link -> {
      onLink.accept(link);
      latestCloudLink = link;
      cloudLinks.add(link);
    }));
    return LinkBehaviour.await(listener.listen("127.0.0.1", 0));
  }

  private void startEdge(String transport, int port, java.util.function.Consumer<Link> onLink, Context context) {
    LinkProvider provider = transport.equals("quic")
        ? new QuicLinkProvider(vertx, pki.node("edge-1"), settings, QuicSettings.defaults(), LinkMetrics.noop())
        : new WebSocketLinkProvider(vertx, pki.node("edge-1"), settings, LinkMetrics.noop());
    LinkEndpoints endpoints = new LinkEndpoints("wss://127.0.0.1:" + port + "/v1/link", "127.0.0.1:" + port);
    keeper = new LinkKeeper(vertx, provider, () -> Future.succeededFuture(endpoints), "edge-1",
        new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)));
    keeper.linkHandler(onLink::accept);
    context.runOnContext(v -> keeper.start());
  }

  /** Events 1..n, all there from the start; counts what the sender reads ahead of the acks. */
  private static final class MemorySource implements SyncSource {
    final List<Envelope> events = new ArrayList<>();
    final AtomicLong acknowledged = new AtomicLong();
    volatile long maxInFlightSeen;

    MemorySource(int count) {
      for (int i = 1; i <= count; i++) {
        events.add(Envelope.newBuilder().setChannel(Channel.DATA).setSequence(i)
            .setContent(ByteString.copyFromUtf8("event " + i)).build());
      }
    }

    @Override
    public Future<List<Envelope>> read(long after, int max) {
      int from = (int) after;
      List<Envelope> batch = events.subList(Math.min(from, events.size()), Math.min(from + max, events.size()));
      long highest = batch.isEmpty() ? after : batch.get(batch.size() - 1).getSequence();
      maxInFlightSeen = Math.max(maxInFlightSeen, highest - acknowledged.get());
      return Future.succeededFuture(List.copyOf(batch));
    }

    @Override
    public void acknowledged(long mark) {
      acknowledged.accumulateAndGet(mark, Math::max);
    }

    @Override
    public void newDataHandler(Runnable handler) { }
  }

  /**
   * Stores after a short asynchronous delay, as a forced write does; cuts the link as the
   * stored count passes each given point, alternately before and after the batch's ack.
   */
  private static final class MemorySink implements SyncSink {
    final List<Envelope> received = new CopyOnWriteArrayList<>();
    final AtomicInteger cuts = new AtomicInteger();
    private final Vertx vertx;
    private final Supplier<Link> currentLink;
    private final int[] cutPoints;
    private long mark;

    MemorySink(Vertx vertx) {
      this(vertx, () -> null);
    }

    MemorySink(Vertx vertx, Supplier<Link> currentLink, int... cutPoints) {
      this.vertx = vertx;
      this.currentLink = currentLink;
      this.cutPoints = cutPoints;
    }

    @Override
    public long mark() {
      return mark;
    }

    @Override
    public Future<Void> apply(List<Envelope> envelopes) {
      io.vertx.core.Promise<Void> durable = io.vertx.core.Promise.promise();
      vertx.setTimer(1, id -> {
        received.addAll(envelopes);
        mark = envelopes.get(envelopes.size() - 1).getSequence();
        int cut = cuts.get();
        boolean cutNow = cut < cutPoints.length && received.size() >= cutPoints[cut];
        if (cutNow) {
          cuts.incrementAndGet();
        }
        if (cutNow && cut % 2 == 0) {
          currentLink.get().close("test cuts the link between a durable batch and its ack");
        }
        durable.complete();
        if (cutNow && cut % 2 == 1) {
          currentLink.get().close("test cuts the link just after an ack");
        }
      });
      return durable.future();
    }
  }
}

package io.vertedge.link.auto;

import com.google.protobuf.ByteString;
import io.vertedge.link.Backoff;
import io.vertedge.link.Link;
import io.vertedge.link.LinkAcceptor;
import io.vertedge.link.LinkEndpoints;
import io.vertedge.link.LinkKeeper;
import io.vertedge.link.LinkListener;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.LinkTls;
import io.vertedge.link.NodeCertificates;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.quic.QuicLinkListener;
import io.vertedge.link.quic.QuicLinkProvider;
import io.vertedge.link.quic.QuicSettings;
import io.vertedge.link.websocket.WebSocketLinkListener;
import io.vertedge.link.websocket.WebSocketLinkProvider;
import io.vertedge.testsupport.Poll;
import io.vertedge.testsupport.TestPki;
import io.vertedge.testsupport.UdpProxy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transport {@code auto} over real sockets, with a UDP relay in front of the cloud's QUIC port
 * that can drop everything, as a firewall does.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AutoTransportTest {

  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(1500);
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

  @TempDir Path dir;
  private Vertx vertx;
  private TestPki pki;
  private final List<LinkListener> listeners = new ArrayList<>();
  private final BlockingQueue<Link> cloudLinks = new LinkedTransferQueue<>();
  private final BlockingQueue<Envelope> received = new LinkedTransferQueue<>();
  private final LinkSettings settings = LinkSettings.defaults("test").withHeartbeat(Duration.ofSeconds(1), 3);
  private final QuicSettings quic = QuicSettings.defaults().withHandshakeTimeout(HANDSHAKE_TIMEOUT)
      .withProbeInterval(PROBE_INTERVAL);
  private UdpProxy udp;
  private LinkEndpoints endpoints;
  private LinkKeeper keeper;
  private final BlockingQueue<Link> edgeLinks = new LinkedTransferQueue<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    pki = TestPki.create(dir, "cloud");
    LinkAcceptor acceptor = new LinkAcceptor(vertx, settings, LinkMetrics.noop(), NodeCertificates::verifyHello);
    LinkTls server = pki.server();
    LinkListener websocket = new WebSocketLinkListener(vertx, server, settings.maxFrameSize(), LinkMetrics.noop());
    LinkListener quicListener = new QuicLinkListener(vertx, server, settings.maxFrameSize(), quic, LinkMetrics.noop());
    for (LinkListener listener : List.of(websocket, quicListener)) {
      listeners.add(listener);
      listener.connectionHandler(connection -> acceptor.accept(connection).onSuccess(link -> {
        link.handler(received::add);
        cloudLinks.add(link);
      }));
    }
    int websocketPort = await(websocket.listen("127.0.0.1", 0));
    int quicPort = await(quicListener.listen("127.0.0.1", 0));
    udp = new UdpProxy(vertx, quicPort);
    int relayPort = await(udp.start());
    endpoints = new LinkEndpoints("wss://127.0.0.1:" + websocketPort + "/v1/link", "127.0.0.1:" + relayPort);
  }

  @AfterEach
  void tearDown() {
    if (keeper != null) {
      await(keeper.stop("test over"));
    }
    listeners.forEach(listener -> await(listener.close()));
    await(udp.close());
    await(vertx.close());
  }

  @Test
  void withUdpOpenTheLinkIsQuic() throws Exception {
    startEdge();
    Link link = edgeLinks.poll(10, TimeUnit.SECONDS);
    assertNotNull(link);
    assertEquals("quic", link.transport());
    assertEquals("quic", cloudLinks.poll(10, TimeUnit.SECONDS).transport());
  }

  @Test
  void withUdpBlockedTheEdgeFallsBackToWebSocketAndReturnsToQuicWithoutLosingMessages() throws Exception {
    udp.drop(true);
    long started = System.nanoTime();
    startEdge();
    Link first = edgeLinks.poll(15, TimeUnit.SECONDS);
    long fallbackMillis = (System.nanoTime() - started) / 1_000_000;
    assertNotNull(first);
    assertEquals("websocket", first.transport());
    assertTrue(fallbackMillis >= HANDSHAKE_TIMEOUT.toMillis(), "waited for the QUIC handshake first: " + fallbackMillis);
    // generous: only a WebSocket connect on loopback comes after the handshake timeout
    assertTrue(fallbackMillis < HANDSHAKE_TIMEOUT.toMillis() + 10_000, "fell back right after it: " + fallbackMillis);

    Producer producer = new Producer();
    producer.start();
    Poll.until(Duration.ofSeconds(20), "200 messages acknowledged over WebSocket", () -> producer.acknowledged.get() >= 200);
    udp.drop(false);
    Link second = edgeLinks.poll(20, TimeUnit.SECONDS);
    assertNotNull(second, "back on QUIC at a probe");
    assertEquals("quic", second.transport());
    long switchedAt = producer.acknowledged.get();
    Poll.until(Duration.ofSeconds(20), "200 more messages over QUIC", () -> producer.acknowledged.get() >= switchedAt + 200);
    long total = producer.stop();

    for (long expected = 1; expected <= total; expected++) {
      Envelope next = received.poll(10, TimeUnit.SECONDS);
      assertNotNull(next, "message " + expected + " of " + total + " arrived");
      assertEquals(expected, next.getSequence(), "in order, exactly once");
    }
    assertTrue(received.poll(500, TimeUnit.MILLISECONDS) == null, "no duplicates");
  }

  private void startEdge() {
    LinkMetrics metrics = LinkMetrics.noop();
    LinkTls node = pki.node("edge-1");
    AutoLinkProvider provider = new AutoLinkProvider(vertx, new QuicLinkProvider(vertx, node, settings, quic, metrics),
        new WebSocketLinkProvider(vertx, node, settings, metrics), quic, metrics);
    keeper = new LinkKeeper(vertx, provider, () -> Future.succeededFuture(endpoints), "edge-1",
        new Backoff(Duration.ofMillis(50), Duration.ofMillis(400)));
    keeper.linkHandler(edgeLinks::add);
    vertx.runOnContext(v -> keeper.start());
  }

  /**
   * Sends numbered messages over whatever link the keeper has, as an application does: one at
   * a time in order; a message the link refused (its future failed) is sent again.
   */
  private final class Producer {
    final AtomicLong acknowledged = new AtomicLong();
    private volatile boolean running = true;
    private Context context;

    void start() {
      context = vertx.getOrCreateContext();
      context.runOnContext(v -> sendNext());
    }

    private void sendNext() {
      if (!running) {
        return;
      }
      Link link = keeper.current().orElse(null);
      if (link == null) {
        vertx.setTimer(5, id -> sendNext());
        return;
      }
      long sequence = acknowledged.get() + 1;
      link.send(Envelope.newBuilder().setChannel(Channel.DATA).setSequence(sequence)
              .setContent(ByteString.copyFromUtf8("reading " + sequence)).build())
          .onSuccess(v -> acknowledged.incrementAndGet())
          .onComplete(ar -> vertx.setTimer(1, id -> sendNext()));
    }

    long stop() throws InterruptedException {
      running = false;
      Thread.sleep(50);
      return acknowledged.get();
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}

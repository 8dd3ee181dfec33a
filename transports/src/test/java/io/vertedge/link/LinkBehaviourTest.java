package io.vertedge.link;

import com.google.protobuf.ByteString;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Hello;
import io.vertedge.link.proto.Route;
import io.vertedge.testsupport.TestPki;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The link's behaviour over real sockets on loopback, for every transport: hello and its
 * refusals, messages on every channel both ways, oversize frames, dead-link detection and
 * reconnecting after the cloud restarts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LinkBehaviourTest {

  @TempDir Path dir;
  private Vertx vertx;
  private TestPki pki;
  private LinkListener listener;
  private final BlockingQueue<Link> cloudLinks = new LinkedTransferQueue<>();
  private final BlockingQueue<Envelope> cloudReceived = new LinkedTransferQueue<>();
  private final LinkSettings settings = LinkSettings.defaults("test").withHeartbeat(Duration.ofMillis(200), 3);

  static Stream<TransportFixture> transports() {
    return Stream.of(TransportFixture.WEBSOCKET, TransportFixture.QUIC);
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    pki = TestPki.create(dir, "cloud");
  }

  @AfterEach
  void tearDown() {
    if (listener != null) {
      await(listener.close());
    }
    await(vertx.close());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void anEdgeWithItsNodeCertificateExchangesMessagesOnEveryChannel(TransportFixture transport) throws Exception {
    int port = startCloud(transport);
    Link edge = connect(transport, pki.node("edge-1"), "edge-1", port);
    Link cloud = cloudLinks.poll(10, TimeUnit.SECONDS);
    assertNotNull(cloud);
    assertEquals("edge-1", cloud.node());
    assertEquals(transport.name(), cloud.transport());
    BlockingQueue<Envelope> edgeReceived = new LinkedTransferQueue<>();
    edge.handler(edgeReceived::add);
    for (Channel channel : List.of(Channel.CONTROL, Channel.RESOURCES, Channel.DATA, Channel.STREAMS)) {
      await(edge.send(message(channel, "up-" + channel)));
      await(cloud.send(message(channel, "down-" + channel)));
      assertEquals("up-" + channel, cloudReceived.poll(10, TimeUnit.SECONDS).getId());
      assertEquals("down-" + channel, edgeReceived.poll(10, TimeUnit.SECONDS).getId());
    }
    assertTrue(cloud.messagesIn() >= 4 && edge.messagesIn() >= 4);
    assertTrue(await(edge.ping(Duration.ofSeconds(5))).toNanos() > 0);
    assertTrue(await(cloud.ping(Duration.ofSeconds(5))).toNanos() > 0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void aBurstFarBeyondTheWriteQueueArrivesCompleteAndInOrder(TransportFixture transport) throws Exception {
    int port = startCloud(transport);
    // default heartbeats: 50 MB through two loaded cores must not trip the 600 ms of the other tests
    LinkProvider provider = transport.provider(vertx, pki.node("edge-1"), LinkSettings.defaults("test"), LinkMetrics.noop());
    io.vertx.core.Context[] linkContext = new io.vertx.core.Context[1];
    Link edge = await(provider.connect(transport.endpoints(port), "edge-1")
        .andThen(ar -> linkContext[0] = Vertx.currentContext()));
    int count = 50_000;
    ByteString kilobyte = ByteString.copyFrom(new byte[1024]);
    List<Future<Void>> written = new java.util.ArrayList<>();
    // a producer as the edge has them: bursts of 500, one burst per turn of the event loop
    Runnable[] burst = new Runnable[1];
    int[] next = {1};
    burst[0] = () -> {
      for (int i = 0; i < 500 && next[0] <= count; i++, next[0]++) {
        written.add(edge.send(Envelope.newBuilder().setChannel(Channel.DATA).setSequence(next[0]).setContent(kilobyte).build()));
      }
      if (next[0] <= count) {
        linkContext[0].runOnContext(v -> burst[0].run());
      }
    };
    linkContext[0].runOnContext(v -> burst[0].run());
    for (int expected = 1; expected <= count; expected++) {
      Envelope received = cloudReceived.poll(20, TimeUnit.SECONDS);
      assertNotNull(received, "envelope " + expected + " of " + count + " arrived");
      assertEquals(expected, received.getSequence());
    }
    assertTrue(written.stream().allMatch(Future::succeeded));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void anEdgeWithoutAClientCertificateIsRefusedWithAReason(TransportFixture transport) {
    int port = startCloud(transport);
    Throwable refused = connectFails(transport, LinkTls.withoutCertificate(pki.caCertificate()), "edge-1", port);
    assertInstanceOf(LinkRefusedException.class, refused);
    assertEquals("no client certificate: join first to get a node certificate", refused.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void aCertificateForAnotherNodeIsRefusedWithAReason(TransportFixture transport) {
    int port = startCloud(transport);
    Throwable refused = connectFails(transport, pki.node("edge-2"), "edge-1", port);
    assertEquals("hello names node edge-1 but the certificate is for node edge-2", refused.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void aCertificateFromAnotherCaIsRefused(TransportFixture transport) {
    int port = startCloud(transport);
    TestPki foreign = TestPki.create(dir.resolve("foreign"), "foreign");
    LinkTls foreignNode = foreign.node("edge-1");
    LinkTls trustsOurCloud = new LinkTls(pki.caCertificate(), foreignNode.certificate(), foreignNode.privateKey());
    Throwable refused = connectFails(transport, trustsOurCloud, "edge-1", port);
    assertNotNull(refused.getMessage());
    assertTrue(cloudLinks.isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void anOversizeFrameClosesOnlyThatLink(TransportFixture transport) throws Exception {
    int port = startCloud(transport);
    Link good = connect(transport, pki.node("edge-1"), "edge-1", port);
    Link hostile = connect(transport, pki.node("edge-2"), "edge-2", port);
    BlockingQueue<LinkClosed> closed = new LinkedTransferQueue<>();
    hostile.closeHandler(closed::add);
    byte[] tooBig = new byte[settings.maxFrameSize() + 1];
    hostile.send(Envelope.newBuilder().setChannel(Channel.DATA).setContent(ByteString.copyFrom(tooBig)).build());
    assertNotNull(closed.poll(10, TimeUnit.SECONDS), "the oversize sender is disconnected");
    await(good.send(message(Channel.DATA, "still-here")));
    Envelope received;
    do {
      received = cloudReceived.poll(10, TimeUnit.SECONDS);
      assertNotNull(received);
    } while (!"still-here".equals(received.getId()));
    assertTrue(good.isOpen());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void aLinkWhosePathGoesSilentIsDetectedOnBothSides(TransportFixture transport) throws Exception {
    int port = startCloud(transport);
    Runnable[] blackhole = new Runnable[1];
    int proxyPort = await(transport.proxy(vertx, port, action -> blackhole[0] = action));
    Link edge = connect(transport, pki.node("edge-1"), "edge-1", proxyPort);
    Link cloud = cloudLinks.poll(10, TimeUnit.SECONDS);
    BlockingQueue<LinkClosed> edgeClosed = new LinkedTransferQueue<>();
    BlockingQueue<LinkClosed> cloudClosed = new LinkedTransferQueue<>();
    edge.closeHandler(edgeClosed::add);
    cloud.closeHandler(cloudClosed::add);
    blackhole[0].run();
    LinkClosed onEdge = edgeClosed.poll(10, TimeUnit.SECONDS);
    LinkClosed onCloud = cloudClosed.poll(10, TimeUnit.SECONDS);
    assertNotNull(onEdge);
    assertNotNull(onCloud);
    assertTrue(onEdge.reason().startsWith("heartbeat missed"), onEdge.reason());
    assertTrue(onCloud.reason().startsWith("heartbeat missed"), onCloud.reason());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void theEdgeReconnectsWhenTheCloudComesBack(TransportFixture transport) throws Exception {
    int port = startCloud(transport);
    LinkProvider provider = transport.provider(vertx, pki.node("edge-1"), settings, LinkMetrics.noop());
    BlockingQueue<Link> edgeLinks = new LinkedTransferQueue<>();
    LinkKeeper keeper = new LinkKeeper(vertx, provider, () -> Future.succeededFuture(transport.endpoints(port)),
        "edge-1", new Backoff(Duration.ofMillis(50), Duration.ofMillis(400)));
    keeper.linkHandler(edgeLinks::add);
    vertx.runOnContext(v -> keeper.start());
    assertNotNull(edgeLinks.poll(10, TimeUnit.SECONDS));
    await(listener.close());
    cloudLinks.forEach(link -> link.close("cloud restarting"));
    startCloud(transport, port);
    Link again = edgeLinks.poll(20, TimeUnit.SECONDS);
    assertNotNull(again, "link is back after the cloud restarted");
    assertTrue(again.isOpen());
    vertx.runOnContext(v -> keeper.stop("test over"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void aHelloOfAnUnknownProtocolVersionIsRefused(TransportFixture transport) throws Exception {
    int port = startCloud(transport);
    Connection raw = await(transport.rawConnection(vertx, pki.node("edge-1"), settings.maxFrameSize(), port));
    java.util.concurrent.CompletableFuture<String> reason = new java.util.concurrent.CompletableFuture<>();
    BlockingQueue<Envelope> answers = new LinkedTransferQueue<>();
    Hello fromTheFuture = Hello.newBuilder().setNodeName("edge-1").setProtocolVersion(LinkProtocol.VERSION + 6).build();
    vertx.runOnContext(v -> {
      raw.closedHandler(reason::complete);
      raw.envelopeHandler(answers::add);
      raw.write(LinkSession.control(LinkProtocol.HELLO, "", fromTheFuture.toByteString()));
    });

    Envelope refused = answers.poll(10, TimeUnit.SECONDS);
    assertNotNull(refused);
    assertEquals(LinkProtocol.REFUSED, refused.getRoute().getOperation());
    assertEquals("unsupported protocol version 7 (this cloud speaks 1)", refused.getContent().toStringUtf8());
    assertEquals("unsupported protocol version 7 (this cloud speaks 1)", reason.get(10, TimeUnit.SECONDS));
    assertTrue(cloudLinks.isEmpty());
  }

  private int startCloud(TransportFixture transport) {
    return startCloud(transport, 0);
  }

  private int startCloud(TransportFixture transport, int port) {
    listener = transport.listener(vertx, pki.server(), settings.maxFrameSize(), LinkMetrics.noop());
    LinkAcceptor acceptor = new LinkAcceptor(vertx, settings, LinkMetrics.noop(), NodeCertificates::verifyHello);
    listener.connectionHandler(connection -> acceptor.accept(connection).onSuccess(link -> {
      link.handler(cloudReceived::add);
      cloudLinks.add(link);
    }));
    return await(listener.listen("127.0.0.1", port));
  }

  private Link connect(TransportFixture transport, LinkTls tls, String node, int port) {
    LinkProvider provider = transport.provider(vertx, tls, settings, LinkMetrics.noop());
    return await(provider.connect(transport.endpoints(port), node));
  }

  private Throwable connectFails(TransportFixture transport, LinkTls tls, String node, int port) {
    LinkProvider provider = transport.provider(vertx, tls, settings, LinkMetrics.noop());
    try {
      await(provider.connect(transport.endpoints(port), node));
    } catch (RuntimeException e) {
      return e.getCause() != null && !(e instanceof LinkRefusedException) ? e.getCause() : e;
    }
    throw new AssertionError("link should have been refused");
  }

  private static Envelope message(Channel channel, String id) {
    return Envelope.newBuilder().setId(id).setChannel(channel)
        .setRoute(Route.newBuilder().setGroup("test").setOperation("echo").setResource("r"))
        .setContent(ByteString.copyFromUtf8("payload " + id)).build();
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new RuntimeException(e.getCause());
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}

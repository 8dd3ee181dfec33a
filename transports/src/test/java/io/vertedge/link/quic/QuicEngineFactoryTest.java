package io.vertedge.link.quic;

import io.netty.handler.codec.quic.QuicSslContext;
import io.vertedge.link.Link;
import io.vertedge.link.LinkAcceptor;
import io.vertedge.link.LinkEndpoints;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.NodeCertificates;
import io.vertedge.testsupport.TestPki;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The load-test seam: one provider, one UDP socket, many nodes, each with its own certificate. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuicEngineFactoryTest {

  @TempDir Path dir;
  private Vertx vertx;
  private QuicLinkListener listener;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (listener != null) {
      await(listener.close());
    }
    await(vertx.close());
  }

  @Test
  void oneProviderDialsTwoNodesEachWithTheEngineMadeForIt() throws Exception {
    TestPki pki = TestPki.create(dir, "cloud");
    LinkSettings settings = LinkSettings.defaults("test");
    listener = new QuicLinkListener(vertx, pki.server(), settings.maxFrameSize(), QuicSettings.defaults(), LinkMetrics.noop());
    LinkAcceptor acceptor = new LinkAcceptor(vertx, settings, LinkMetrics.noop(), NodeCertificates::verifyHello);
    BlockingQueue<String> cloudSaw = new LinkedTransferQueue<>();
    listener.connectionHandler(connection -> acceptor.accept(connection).onSuccess(link -> cloudSaw.add(link.node())));
    int port = await(listener.listen("127.0.0.1", 0));

    Map<String, QuicSslContext> contexts = Map.of(
        "edge-1", QuicTlsContexts.client(pki.node("edge-1")),
        "edge-2", QuicTlsContexts.client(pki.node("edge-2")));
    Set<String> asked = ConcurrentHashMap.newKeySet();
    QuicLinkProvider provider = new QuicLinkProvider(vertx, (channel, node) -> {
      asked.add(node);
      return contexts.get(node).newEngine(channel.alloc());
    }, settings, QuicSettings.defaults(), LinkMetrics.noop());
    LinkEndpoints endpoints = new LinkEndpoints("wss://127.0.0.1:1/v1/link", "127.0.0.1:" + port);

    Link first = await(provider.connect(endpoints, "edge-1"));
    Link second = await(provider.connect(endpoints, "edge-2"));

    assertEquals(Set.of("edge-1", "edge-2"), asked);
    assertEquals(Set.of("edge-1", "edge-2"), Set.of(poll(cloudSaw), poll(cloudSaw)));
    assertEquals(List.of("quic", "quic"), List.of(first.transport(), second.transport()));
    await(first.close("test over"));
    await(second.close("test over"));
    await(provider.close());
  }

  private static String poll(BlockingQueue<String> queue) throws InterruptedException {
    String value = queue.poll(10, TimeUnit.SECONDS);
    assertNotNull(value, "the cloud accepted a link");
    return value;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}

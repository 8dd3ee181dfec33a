package io.vertedge.runtime;

import io.vertedge.testsupport.Poll;
import io.vertedge.link.Link;
import io.vertedge.link.LinkClosed;
import io.vertedge.link.LinkEndpoints;
import io.vertedge.link.LinkMetrics;
import io.vertedge.link.LinkRefusedException;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.LinkProvider;
import io.vertedge.link.quic.QuicLinkProvider;
import io.vertedge.link.quic.QuicSettings;
import io.vertedge.link.websocket.WebSocketLinkProvider;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cloud and real edges in one JVM: join, link, sessions, revocation, through the API. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CloudEdgeEndToEndTest {

  @TempDir Path dir;
  private HubFixture hub;
  private WebClient api;

  @BeforeEach
  void startCloud() {
    hub = new HubFixture(dir);
    api = WebClient.create(hub.vertx);
  }

  @AfterEach
  void stopCloud() {
    api.close();
    hub.close();
  }

  @Test
  void anEdgeThatJoinedIsConnectedInTheApiAndAnswersAPing() {
    EdgeRuntime edge = hub.startEdge("edge-1");
    Poll.until(Duration.ofSeconds(20), "edge-1 connected", () -> node("edge-1").getBoolean("connected", false));

    JsonObject node = node("edge-1");
    assertEquals("quic", node.getString("transport"), "transport auto picks QUIC when UDP gets through");
    assertEquals("0.1.0", node.getString("version"));
    assertTrue(node.getString("remoteAddress").startsWith("127.0.0.1:"));
    HttpResponse<Buffer> ping = api.postAbs(hub.cloud.apiUrl() + "/api/v1/nodes/edge-1/ping").send().await();
    assertEquals(200, ping.statusCode(), ping.bodyAsString());
    assertEquals("edge-1", ping.bodyAsJsonObject().getString("node"));
    assertTrue(ping.bodyAsJsonObject().getDouble("rttMs") > 0);
    JsonObject onEdge = api.getAbs(edge.apiUrl() + "/api/v1/node").send().await().bodyAsJsonObject();
    assertEquals(true, onEdge.getBoolean("connected"));
    assertEquals("quic", onEdge.getString("transport"));
    edge.stop().await();
  }

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"websocket", "quic"})
  void aNewLinkFromTheSameNodeReplacesTheOldOneWithAReason(String transport) throws Exception {
    EdgeRuntime edge = hub.startEdge("edge-1");
    Poll.until(Duration.ofSeconds(20), "edge-1 connected", () -> edge.link().isPresent());
    edge.stop().await();
    Poll.until(Duration.ofSeconds(10), "edge-1 gone", () -> !node("edge-1").getBoolean("connected"));

    Link first = connect("edge-1", transport);
    BlockingQueue<LinkClosed> firstClosed = new LinkedTransferQueue<>();
    first.closeHandler(firstClosed::add);
    Link second = connect("edge-1", transport);
    assertEquals(transport, second.transport());

    LinkClosed closed = firstClosed.poll(10, TimeUnit.SECONDS);
    assertNotNull(closed, "the first link is closed by the cloud");
    assertTrue(closed.byPeer());
    assertTrue(closed.reason().startsWith("replaced by a new link from 127.0.0.1:"), closed.reason());
    assertTrue(second.isOpen());
    Poll.until(Duration.ofSeconds(5), "the API shows the second link", () -> node("edge-1").getBoolean("connected"));
  }

  @Test
  void aDeletedNodeIsCutOffAndItsCertificateIsRefusedOnTheLink() {
    EdgeRuntime edge = hub.startEdge("edge-1");
    Poll.until(Duration.ofSeconds(20), "edge-1 connected", () -> edge.link().isPresent());

    HttpResponse<Buffer> deleted = api.deleteAbs(hub.cloud.apiUrl() + "/api/v1/nodes/edge-1").send().await();
    assertEquals(204, deleted.statusCode());
    Poll.until(Duration.ofSeconds(10), "edge-1 cut off", () -> edge.link().isEmpty());
    edge.stop().await();

    LinkRefusedException refused = assertThrows(LinkRefusedException.class, () -> connect("edge-1"));
    assertTrue(refused.getMessage().contains("was revoked"), refused.getMessage());
    HttpResponse<Buffer> gone = api.getAbs(hub.cloud.apiUrl() + "/api/v1/nodes/edge-1").send().await();
    assertEquals(404, gone.statusCode(), gone.bodyAsString());
  }

  @Test
  void aNodeThatIsNotConnectedAnswersPingWith503() {
    EdgeRuntime edge = hub.startEdge("edge-1");
    Poll.until(Duration.ofSeconds(20), "edge-1 connected", () -> edge.link().isPresent());
    edge.stop().await();
    Poll.until(Duration.ofSeconds(10), "edge-1 gone", () -> !node("edge-1").getBoolean("connected"));

    HttpResponse<Buffer> ping = api.postAbs(hub.cloud.apiUrl() + "/api/v1/nodes/edge-1/ping").send().await();
    assertEquals(503, ping.statusCode());
    assertEquals("ServiceUnavailable", ping.bodyAsJsonObject().getString("reason"));
    assertFalse(node("edge-1").getBoolean("connected"));
  }

  @Test
  void eachTransportAnEdgeAsksForIsTheOneItGetsAndTheApisShowIt() {
    EdgeRuntime overQuic = hub.startEdge("edge-q", "quic");
    EdgeRuntime overWebSocket = hub.startEdge("edge-w", "websocket");
    Poll.until(Duration.ofSeconds(20), "both connected",
        () -> node("edge-q").getBoolean("connected") && node("edge-w").getBoolean("connected"));

    assertEquals("quic", node("edge-q").getString("transport"));
    assertEquals("websocket", node("edge-w").getString("transport"));
    assertEquals("quic", api.getAbs(overQuic.apiUrl() + "/api/v1/node").send().await().bodyAsJsonObject()
        .getString("transport"));
    assertEquals("websocket", api.getAbs(overWebSocket.apiUrl() + "/api/v1/node").send().await().bodyAsJsonObject()
        .getString("transport"));
    String metrics = api.getAbs(hub.cloud.apiUrl() + "/metrics").send().await().bodyAsString();
    assertTrue(metrics.contains("vertedge_links_connected{transport=\"quic\"} 1"), metrics);
    assertTrue(metrics.contains("vertedge_links_connected{transport=\"websocket\"} 1"), metrics);
    overQuic.stop().await();
    overWebSocket.stop().await();
  }

  private Link connect(String node) {
    return connect(node, "websocket");
  }

  private Link connect(String node, String transport) {
    LinkProvider provider = transport.equals("quic")
        ? new QuicLinkProvider(hub.vertx, hub.tlsOf(node), LinkSettings.defaults("test"), QuicSettings.defaults(),
            LinkMetrics.noop())
        : new WebSocketLinkProvider(hub.vertx, hub.tlsOf(node), LinkSettings.defaults("test"), LinkMetrics.noop());
    return provider.connect(new LinkEndpoints(hub.cloud.websocketUrl(), hub.cloud.quicAddress()), node).await();
  }

  private JsonObject node(String name) {
    HttpResponse<Buffer> response = api.getAbs(hub.cloud.apiUrl() + "/api/v1/nodes/" + name).send().await();
    return response.statusCode() == 200 ? response.bodyAsJsonObject() : new JsonObject().put("connected", false);
  }
}

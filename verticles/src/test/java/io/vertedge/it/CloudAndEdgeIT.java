package io.vertedge.it;

import io.vertedge.it.Launcher.Cloud;
import io.vertedge.it.Launcher.CloudPorts;
import io.vertedge.it.Launcher.Edge;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.vertedge.it.Launcher.NODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cloud and an edge of the fat jar as two processes, talking over real sockets: join, link,
 * restarts on either side, deletion, and clean stops (API.md §1, §3–§5).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CloudAndEdgeIT extends LauncherTestBase {

  /** Join + link take about two seconds here; a reconnect after a cloud restart waits out a backoff. */
  private static final Duration LINK_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_LIMIT = Duration.ofSeconds(5);

  private final Http http = new Http();

  @ParameterizedTest(name = "--transport {0} links over {1}")
  @CsvSource({"auto, quic", "quic, quic", "websocket, websocket"})
  void cloudAndEdgeInTwoProcessesConnect(String asked, String expected) {
    // GIVEN a cloud on ports picked by the OS
    Cloud cloud = launcher.startCloud(tmp.resolve("cloud"), CloudPorts.ANY);

    // WHEN an edge joins with a token from `vertedge cloud token`, asking for a transport
    Edge edge = launcher.startEdge(tmp.resolve("edge"), cloud, launcher.token(cloud), "--transport", asked);

    // THEN both sides see the link over that transport, the cloud can ping the node, and the gauge counts it
    JsonObject node = awaitConnectedOnCloud(cloud, edge);
    assertEquals(expected, node.getString("transport"), node::encode);
    JsonObject self = awaitConnectedOnEdge(edge);
    assertEquals(NODE, self.getString("name"), self::encode);
    assertEquals(expected, self.getString("transport"), self::encode);

    assertEquals(200, http.get(cloud.api() + "/healthz").status());
    assertEquals(200, http.get(cloud.api() + "/readyz").status());
    Http.Reply ping = http.post(cloud.api() + "/api/v1/nodes/" + NODE + "/ping");
    assertEquals(200, ping.status(), ping::body);
    assertEquals(NODE, ping.json().getString("node"), ping::body);
    assertEquals(expected, ping.json().getString("transport"), ping::body);
    assertTrue(ping.json().getDouble("rttMs") > 0, ping::body);

    String metrics = http.get(cloud.api() + "/metrics").body();
    assertTrue(metrics.lines().anyMatch(("vertedge_links_connected{transport=\"" + expected + "\"} 1.0")::equals), metrics);
  }

  @Test
  void sigtermStopsCloudAndEdgeCleanlyWithinFiveSeconds() {
    // GIVEN a connected cloud and edge
    Cloud cloud = launcher.startCloud(tmp.resolve("cloud"), CloudPorts.ANY);
    Edge edge = launcher.startEdge(tmp.resolve("edge"), cloud, launcher.token(cloud));
    awaitConnectedOnCloud(cloud, edge);

    // WHEN both get SIGTERM
    long signalled = System.nanoTime();
    edge.process().sigterm();
    cloud.process().sigterm();

    // THEN both exit 0 within five seconds of the signal and remove their endpoints.json
    assertCleanExit(edge.process(), signalled);
    assertCleanExit(cloud.process(), signalled);
    assertFalse(Files.exists(edge.dataDir().resolve("endpoints.json")), "edge endpoints.json left behind");
    assertFalse(Files.exists(cloud.dataDir().resolve("endpoints.json")), "cloud endpoints.json left behind");
  }

  @Test
  void edgeReconnectsAfterCloudProcessRestarts() {
    // GIVEN a connected cloud and edge, the cloud on fixed ports so it can come back on them
    CloudPorts ports = CloudPorts.fixed();
    Cloud cloud = launcher.startCloud(tmp.resolve("cloud"), ports);
    Edge edge = launcher.startEdge(tmp.resolve("edge"), cloud, launcher.token(cloud));
    awaitConnectedOnCloud(cloud, edge);

    // WHEN the cloud process stops and starts again with the same data and ports
    cloud.process().sigterm();
    assertEquals(0, cloud.process().waitForExit(STOP_LIMIT), cloud.process()::stderr);
    Poll.until(LINK_TIMEOUT, () -> "the edge reports the link down\n" + edge.process().stderr(),
        () -> !edgeView(edge).getBoolean("connected"));
    Cloud restarted = launcher.startCloud(cloud.dataDir(), ports);

    // THEN the same edge process links again, without being restarted
    awaitConnectedOnCloud(restarted, edge);
    awaitConnectedOnEdge(edge);
    assertTrue(edge.process().isAlive(), "the edge should still be the first process");
  }

  @Test
  void restartedEdgeNeedsNoToken() {
    // GIVEN an edge that joined with a token, then stopped
    Cloud cloud = launcher.startCloud(tmp.resolve("cloud"), CloudPorts.ANY);
    Edge edge = launcher.startEdge(tmp.resolve("edge"), cloud, launcher.token(cloud));
    awaitConnectedOnCloud(cloud, edge);
    edge.process().sigterm();
    assertEquals(0, edge.process().waitForExit(STOP_LIMIT), edge.process()::stderr);
    Poll.until(LINK_TIMEOUT, () -> "the cloud sees " + NODE + " disconnected", () -> !connectedOnCloud(cloud));

    // WHEN it starts again from the same data dir, without --token
    Edge restarted = launcher.startEdge(edge.dataDir(), cloud, null);

    // THEN it links with the certificate it already holds
    awaitConnectedOnCloud(cloud, restarted);
    awaitConnectedOnEdge(restarted);
  }

  @Test
  void deletedNodeIsCutOffAndCannotReconnect() {
    // GIVEN a connected edge
    Cloud cloud = launcher.startCloud(tmp.resolve("cloud"), CloudPorts.ANY);
    Edge edge = launcher.startEdge(tmp.resolve("edge"), cloud, launcher.token(cloud));
    awaitConnectedOnCloud(cloud, edge);

    // WHEN the node is deleted
    Http.Reply deleted = http.delete(cloud.api() + "/api/v1/nodes/" + NODE);

    // THEN its link is closed and stays closed: the still-running edge is refused as revoked
    assertEquals(204, deleted.status(), deleted::body);
    Poll.until(LINK_TIMEOUT, () -> "the cloud shows " + NODE + " disconnected", () -> !connectedOnCloud(cloud));
    Poll.until(LINK_TIMEOUT, () -> "the edge reports the link down\n" + edge.process().stderr(),
        () -> !edgeView(edge).getBoolean("connected"));
    Poll.holds(Duration.ofSeconds(3), () -> NODE + " came back after deletion", () -> !connectedOnCloud(cloud));
    Poll.until(Duration.ofSeconds(15), () -> "the edge logs that its certificate is revoked\n"
        + edge.process().stderr(), () -> edge.process().stderr().contains("revoked"));
    assertFalse(connectedOnCloud(cloud), NODE + " came back after deletion");
  }

  @Test
  void deletedNodeRestartedWithoutTokenIsRefusedAsRevoked() {
    // GIVEN a node deleted while its edge was stopped
    Cloud cloud = launcher.startCloud(tmp.resolve("cloud"), CloudPorts.ANY);
    Edge edge = launcher.startEdge(tmp.resolve("edge"), cloud, launcher.token(cloud));
    awaitConnectedOnCloud(cloud, edge);
    edge.process().sigterm();
    assertEquals(0, edge.process().waitForExit(STOP_LIMIT), edge.process()::stderr);
    assertEquals(204, http.delete(cloud.api() + "/api/v1/nodes/" + NODE).status());

    // WHEN the edge starts again with its now revoked certificate
    Edge restarted = launcher.startEdge(edge.dataDir(), cloud, null);

    // THEN the cloud refuses it with a reason the edge logs, and it stays unconnected
    Poll.until(LINK_TIMEOUT, () -> "the edge logs that its certificate is revoked\n" + restarted.process().stderr(),
        () -> restarted.process().stderr().contains("revoked"));
    assertFalse(connectedOnCloud(cloud), NODE + " linked with a revoked certificate");
    assertFalse(edgeView(restarted).getBoolean("connected"), "the edge claims a link with a revoked certificate");
  }

  @Test
  void secondJoinOfAJoinedNameExitsOneWithTheServersMessage() {
    // GIVEN a joined, connected edge-1
    Cloud cloud = launcher.startCloud(tmp.resolve("cloud"), CloudPorts.ANY);
    String token = launcher.token(cloud);
    Edge first = launcher.startEdge(tmp.resolve("edge"), cloud, token);
    awaitConnectedOnCloud(cloud, first);

    // WHEN another edge, with its own data dir, joins as edge-1 with a valid token
    VertedgeProcess second = launcher.start("edge", Launcher.edgeArgs(tmp.resolve("edge-2"), cloud, token));

    // THEN the join is refused: exit 1 with the server's message; the first edge keeps its link
    assertEquals(1, second.waitForExit(LINK_TIMEOUT), second::stderr);
    assertTrue(second.stderr().contains("node edge-1 has already joined; delete it first"), second::stderr);
    assertTrue(connectedOnCloud(cloud), NODE + " lost its link to a refused join");
  }

  private void assertCleanExit(VertedgeProcess process, long signalledNanos) {
    Duration left = STOP_LIMIT.minusNanos(System.nanoTime() - signalledNanos);
    int exit = process.waitForExit(left.isNegative() ? Duration.ZERO : left);
    assertEquals(0, exit, () -> process.name() + " exit code\n" + process.stderr());
  }

  /** Waits until the cloud lists {@link #NODE} as connected, and returns that Node; {@code edge} is for the message. */
  private JsonObject awaitConnectedOnCloud(Cloud cloud, Edge edge) {
    Poll.until(LINK_TIMEOUT, () -> "the cloud lists " + NODE + " connected: " + nodesOf(cloud)
        + "\nedge stderr:\n" + edge.process().stderr(), () -> connectedOnCloud(cloud));
    return nodeOnCloud(cloud);
  }

  /** Waits until the edge's own API says it is connected, and returns that answer. */
  private JsonObject awaitConnectedOnEdge(Edge edge) {
    Poll.until(LINK_TIMEOUT, () -> "the edge reports connected: " + edgeView(edge).encode(),
        () -> edgeView(edge).getBoolean("connected"));
    return edgeView(edge);
  }

  private boolean connectedOnCloud(Cloud cloud) {
    JsonObject node = nodeOnCloud(cloud);
    return node != null && Boolean.TRUE.equals(node.getBoolean("connected"));
  }

  /** {@link #NODE} as {@code GET /api/v1/nodes} lists it; null if absent or the cloud is not answering. */
  private JsonObject nodeOnCloud(Cloud cloud) {
    JsonArray items = nodesOf(cloud).getJsonArray("items", new JsonArray());
    return items.stream().map(JsonObject.class::cast)
        .filter(node -> NODE.equals(node.getString("name")))
        .findFirst().orElse(null);
  }

  private JsonObject nodesOf(Cloud cloud) {
    Http.Reply reply = http.tryGet(cloud.api() + "/api/v1/nodes");
    return reply == null || reply.status() != 200 ? new JsonObject() : reply.json();
  }

  private JsonObject edgeView(Edge edge) {
    Http.Reply reply = http.get(edge.api() + "/api/v1/node");
    assertEquals(200, reply.status(), reply::body);
    return reply.json();
  }
}

package io.vertedge.edge.join;

import io.vertedge.testing.FreePorts;
import io.vertedge.cloud.join.JoinCloudFixture;
import io.vertedge.pki.CertificateAuthority;
import io.vertedge.pki.JoinToken;
import io.vertedge.pki.NodeNames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class EdgeJoinTest {

  @TempDir
  Path tmp;
  Vertx vertx;
  JoinCloudFixture cloud;

  @BeforeEach
  void startCloud() {
    vertx = Vertx.vertx();
    cloud = JoinCloudFixture.start(vertx, tmp.resolve("cloud"));
  }

  @AfterEach
  void stopVertx() {
    JoinCloudFixture.closeVertx(vertx);
  }

  private JoinClient edge(String name, String token, String dir) {
    return new JoinClient(vertx, new JoinClient.Options("127.0.0.1", cloud.port(), name, token, tmp.resolve(dir)));
  }

  private static JoinRefusedException refusal(JoinClient client) {
    Exception failure = assertThrows(Exception.class, () -> client.ensureJoined().await());
    return assertInstanceOf(JoinRefusedException.class, failure);
  }

  @Test
  void edgeJoinsWithGoodTokenAndStoresItsNodeCertificate() throws Exception {
    // GIVEN a token minted by the cloud
    JoinClient client = edge("edge-1", JoinToken.mint(cloud.ca(), JoinToken.DEFAULT_TTL), "edge");
    // WHEN the edge joins
    X509Certificate cert = client.ensureJoined().await();
    // THEN it holds a client certificate for its name, stored with a private key file
    assertEquals("edge-1", NodeNames.nodeNameOf(cert).orElseThrow());
    assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"));
    assertTrue(cert.getKeyUsage()[0] && cert.getKeyUsage()[2], "DigitalSignature and KeyEncipherment");
    assertTrue(cloud.ca().issued(cert, Instant.now()));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(client.identity().nodeKey())));
    assertEquals(cloud.ca().certificate(), io.vertedge.pki.Pem.readCertificate(client.identity().caCert()));
    assertEquals(cert.getSerialNumber().toString(16), cloud.nodes().find("edge-1").orElseThrow().serialHex());
    client.close();
  }

  @Test
  void edgeWithExpiredTokenIsRefusedWithTheReason() {
    String expired = JoinToken.mint(cloud.ca(), Instant.now().minusSeconds(60));
    JoinRefusedException refused = refusal(edge("edge-1", expired, "edge"));
    assertEquals(401, refused.status());
    assertTrue(refused.getMessage().startsWith("join token expired at "), refused.getMessage());
  }

  @Test
  void edgeWithTokenSignedByAnotherCaIsRefused() {
    // GIVEN a token whose pin is right but whose JWT another CA signed
    CertificateAuthority other = CertificateAuthority.loadOrCreate(tmp.resolve("other"), List.of());
    String forged = cloud.ca().fingerprint() + "." + JoinToken.split(JoinToken.mint(other, JoinToken.DEFAULT_TTL)).jwt();
    JoinRefusedException refused = refusal(edge("edge-1", forged, "edge"));
    assertEquals(401, refused.status());
    assertEquals("join token signature is invalid: it was not minted by this cloud's CA", refused.getMessage());
  }

  @Test
  void edgeRefusesACloudWhoseCaIsNotTheTokensPin() {
    CertificateAuthority other = CertificateAuthority.loadOrCreate(tmp.resolve("other"), List.of());
    JoinRefusedException refused = refusal(edge("edge-1", JoinToken.mint(other, JoinToken.DEFAULT_TTL), "edge"));
    assertEquals("the cloud's CA does not match the token (expected sha256 " + other.fingerprint() + ", got "
        + cloud.ca().fingerprint() + ")", refused.getMessage());
  }

  @Test
  void secondEdgeCannotTakeTheNameOfAJoinedNode() {
    String token = JoinToken.mint(cloud.ca(), JoinToken.DEFAULT_TTL);
    edge("edge-1", token, "first").ensureJoined().await();
    JoinRefusedException refused = refusal(edge("edge-1", token, "second"));
    assertEquals(409, refused.status());
    assertEquals("node edge-1 has already joined; delete it first", refused.getMessage());
  }

  @Test
  void restartedEdgeKeepsItsCertificateAndIgnoresTheToken() {
    X509Certificate first = edge("edge-1", JoinToken.mint(cloud.ca(), JoinToken.DEFAULT_TTL), "edge")
        .ensureJoined().await();
    X509Certificate again = edge("edge-1", "not even a token", "edge").ensureJoined().await();
    assertEquals(first.getSerialNumber(), again.getSerialNumber());
  }

  @Test
  void edgeRenewsWithItsCurrentCertificateAndGetsANewSerial() {
    JoinClient client = edge("edge-1", JoinToken.mint(cloud.ca(), JoinToken.DEFAULT_TTL), "edge");
    X509Certificate first = client.ensureJoined().await();
    X509Certificate renewed = client.renewNow().await();
    assertNotEquals(first.getSerialNumber(), renewed.getSerialNumber());
    assertEquals(renewed.getSerialNumber().toString(16), cloud.nodes().find("edge-1").orElseThrow().serialHex());
    assertEquals(renewed, client.identity().loadValid(Instant.now()).orElseThrow());
  }

  @Test
  void deletedNodeCannotRenewItsCertificate() {
    JoinClient client = edge("edge-1", JoinToken.mint(cloud.ca(), JoinToken.DEFAULT_TTL), "edge");
    X509Certificate cert = client.ensureJoined().await();
    cloud.nodes().delete("edge-1").await();
    Exception failure = assertThrows(Exception.class, () -> client.renewNow().await());
    JoinRefusedException refused = assertInstanceOf(JoinRefusedException.class, failure);
    assertEquals(401, refused.status());
    assertEquals("the certificate of node edge-1 (serial " + cert.getSerialNumber().toString(16)
        + ") has been revoked; join again with a token", refused.getMessage());
  }

  @Test
  void joinedEdgeLearnsLinkEndpointsAndRemembersThemWhileCloudIsDown() {
    JoinClient client = edge("edge-1", JoinToken.mint(cloud.ca(), JoinToken.DEFAULT_TTL), "edge");
    client.ensureJoined().await();
    JsonObject expected = new JsonObject().put("websocket", "wss://127.0.0.1:40001/v1/link").put("quic", "127.0.0.1:40002");
    assertEquals(expected, client.fetchEndpoints().await());
    cloud.stop().await();
    assertEquals(expected, client.fetchEndpoints().await());
  }

  @Test
  void edgeRenewsOnScheduleAndTellsTheLink() {
    // GIVEN a cloud that issues 3-second certificates
    cloud.stop().await();
    cloud = JoinCloudFixture.start(vertx, tmp.resolve("cloud"), Duration.ofSeconds(3), 0, null);
    JoinClient client = edge("edge-1", JoinToken.mint(cloud.ca(), JoinToken.DEFAULT_TTL), "edge");
    X509Certificate first = client.ensureJoined().await();
    // WHEN renewal is scheduled
    Promise<X509Certificate> renewed = Promise.promise();
    client.startRenewal(renewed::tryComplete);
    // THEN the listener gets a new certificate before the old one expires
    X509Certificate next = renewed.future().await();
    assertNotEquals(first.getSerialNumber(), next.getSerialNumber());
    assertTrue(Instant.now().isBefore(first.getNotAfter().toInstant()));
    client.close();
  }

  @Test
  void edgeKeepsTryingUntilTheCloudComesUp() throws Exception {
    // GIVEN a port where the cloud is not listening yet: connections are dropped at once
    int port = FreePorts.tcp();
    AtomicInteger attempts = new AtomicInteger();
    Promise<Void> triedOnce = Promise.promise();
    NetServer notYet = vertx.createNetServer().connectHandler(socket -> {
      attempts.incrementAndGet();
      socket.close();
      triedOnce.tryComplete();
    });
    notYet.listen(port, "127.0.0.1").await();
    Path cloudDir = tmp.resolve("late-cloud");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(cloudDir, List.of());
    JoinClient client = new JoinClient(vertx, new JoinClient.Options("127.0.0.1", port, "edge-1",
        JoinToken.mint(ca, JoinToken.DEFAULT_TTL), tmp.resolve("edge")));
    Future<X509Certificate> joined = client.ensureJoined();
    // WHEN the cloud starts on that port after the edge's first attempt failed
    triedOnce.future().await();
    notYet.close().await();
    JoinCloudFixture.start(vertx, cloudDir, Duration.ofDays(1), port, null);
    // THEN the edge joins
    assertEquals("edge-1", NodeNames.nodeNameOf(joined.await()).orElseThrow());
    assertTrue(attempts.get() >= 1);
    client.close();
  }
}

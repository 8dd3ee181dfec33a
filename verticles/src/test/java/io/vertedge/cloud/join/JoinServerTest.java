package io.vertedge.cloud.join;

import io.vertedge.pki.JoinToken;
import io.vertedge.pki.NodeIdentity;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The join port seen by raw HTTPS clients: what a script, curl or an attacker gets. */
@Timeout(60)
class JoinServerTest {

  @TempDir
  Path tmp;
  Vertx vertx;
  JoinCloudFixture cloud;
  WebClient https;
  NetClient tcp;

  @BeforeEach
  void startCloud() {
    vertx = Vertx.vertx();
    cloud = JoinCloudFixture.start(vertx, tmp.resolve("cloud"));
    https = vertx.executeBlocking(() -> WebClient.create(vertx,
        new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false))).await();
    tcp = vertx.createNetClient();
  }

  @AfterEach
  void stop() {
    https.close();
    JoinCloudFixture.closeVertx(vertx);
  }

  private HttpResponse<Buffer> get(String path, String bearer) {
    var request = https.get(cloud.port(), "127.0.0.1", path);
    if (bearer != null) {
      request.putHeader("Authorization", "Bearer " + bearer);
    }
    return request.send().await();
  }

  private HttpResponse<Buffer> postCsr(String bearer, byte[] body) {
    return https.post(cloud.port(), "127.0.0.1", "/edge.crt").putHeader("NodeName", "edge-1")
        .putHeader("Authorization", "Bearer " + bearer).sendBuffer(Buffer.buffer(body)).await();
  }

  @Test
  void scriptGetsTheCaCertificateAsDer() {
    HttpResponse<Buffer> response = get("/ca.crt", null);
    assertEquals(200, response.statusCode());
    assertEquals(Buffer.buffer(cloud.ca().certificateDer()), response.body());
  }

  @Test
  void tokenHolderLearnsLinkEndpoints() {
    String jwt = JoinToken.split(JoinToken.mint(cloud.ca(), JoinToken.DEFAULT_TTL)).jwt();
    HttpResponse<Buffer> response = get("/v1/endpoints", jwt);
    assertEquals(200, response.statusCode());
    assertEquals(new JsonObject().put("websocket", "wss://127.0.0.1:40001/v1/link").put("quic", "127.0.0.1:40002"),
        response.bodyAsJsonObject());
  }

  @Test
  void strangerWithoutTokenOrCertificateIsToldWhatToSend() {
    HttpResponse<Buffer> response = get("/v1/endpoints", null);
    assertEquals(401, response.statusCode());
    assertEquals(new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("metadata", new JsonObject())
        .put("status", "Failure").put("code", 401).put("reason", "Unauthorized")
        .put("message", "send Authorization: Bearer <join token>, or present this node's certificate"),
        response.bodyAsJsonObject());
  }

  @Test
  void oversizedCsrIsRefusedWith413() {
    String jwt = JoinToken.split(JoinToken.mint(cloud.ca(), JoinToken.DEFAULT_TTL)).jwt();
    HttpResponse<Buffer> response = postCsr(jwt, new byte[JoinServer.MAX_BODY_BYTES + 1]);
    assertEquals(413, response.statusCode());
    assertEquals("RequestEntityTooLarge", response.bodyAsJsonObject().getString("reason"));
  }

  @Test
  void garbageAndPlainHttpOnTheJoinPortDoNotStopRealJoins() {
    // GIVEN random bytes and a plain-HTTP request sent to the TLS port
    byte[] garbage = new byte[4096];
    ThreadLocalRandom.current().nextBytes(garbage);
    sendAndAwaitClose(Buffer.buffer(garbage));
    sendAndAwaitClose(Buffer.buffer("GET /ca.crt HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII.name()));
    // WHEN a real edge joins afterwards
    String jwt = JoinToken.split(JoinToken.mint(cloud.ca(), JoinToken.DEFAULT_TTL)).jwt();
    byte[] csr = new NodeIdentity(tmp.resolve("edge"), "edge-1").newKeyAndCsr().csrDer();
    HttpResponse<Buffer> response = postCsr(jwt, csr);
    // THEN it gets its certificate
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("edge-1", cloud.nodes().find("edge-1").orElseThrow().name());
  }

  private void sendAndAwaitClose(Buffer bytes) {
    Promise<Void> closed = Promise.promise();
    tcp.connect(cloud.port(), "127.0.0.1").compose(socket -> {
      socket.closeHandler(v -> closed.tryComplete());
      socket.handler(data -> { });
      return socket.write(bytes);
    }).onFailure(closed::tryFail);
    closed.future().await();
  }
}

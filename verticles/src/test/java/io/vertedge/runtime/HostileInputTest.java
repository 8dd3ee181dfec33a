package io.vertedge.runtime;

import io.vertedge.testsupport.Poll;
import com.google.protobuf.ByteString;
import io.vertedge.link.Link;
import io.vertedge.link.LinkTls;
import io.vertedge.link.codec.FrameCodec;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input on the link and join ports while a real edge stays connected: each attempt is
 * refused, logged with the remote address, and costs the connected edge nothing.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HostileInputTest {

  @TempDir Path dir;
  private HubFixture hub;
  private EdgeRuntime edge;
  private Link edgeLink;
  private WebSocketClient hostileClient;

  @BeforeEach
  void aRealEdgeIsConnected() {
    hub = new HubFixture(dir);
    EdgeRuntime other = hub.startEdge("edge-2");
    Poll.until(Duration.ofSeconds(20), "edge-2 joined", () -> other.link().isPresent());
    other.stop().await();
    edge = hub.startEdge("edge-1");
    Poll.until(Duration.ofSeconds(20), "edge-1 connected", () -> edge.link().isPresent());
    edgeLink = edge.link().orElseThrow();
    hostileClient = hub.vertx.createWebSocketClient(authenticatedAs(hub.tlsOf("edge-2")));
  }

  @AfterEach
  void stop() {
    hostileClient.close().await();
    edge.stop().await();
    hub.close();
  }

  @Test
  void garbageOnTheTlsPortsIsRefusedAndLogged() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      int link = hub.websocketPort();
      int join = hub.cloud.joinPort();
      sendRaw(link, "GET /v1/link HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      sendRaw(link, randomBytes(4096));
      sendRaw(link, Buffer.buffer().appendInt(0x7fffffff).appendBytes(randomBytes(64)).getBytes());
      sendRaw(join, randomBytes(4096));
      sendRaw(join, "GET /ca.crt HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      // the link port's own Netty pipeline logs the peer; the join port runs on Vert.x's
      // HttpServer, which reports failures before the TLS handshake without the address
      Poll.until(Duration.ofSeconds(10), "three link-port refusals logged with the peer's address", () -> logs.lines()
          .stream().filter(line -> line.contains("remote: /127.0.0.1:") && line.contains("link port: connection refused")
              && line.contains("NotSslRecordException") && line.length() < 300).count() >= 3);
      Poll.until(Duration.ofSeconds(10), "two join-port refusals logged", () -> logs.lines().stream()
          .filter(line -> line.contains("[join port]") && line.contains("NotSslRecordException")).count() >= 2);
    }
    theRealEdgeIsStillConnected();
  }

  @Test
  void randomDatagramsAndAFloodOfBogusQuicInitialsCostTheQuicEdgeNothing() throws Exception {
    assertEquals("quic", edgeLink.transport(), "the real edge is on QUIC (transport auto)");
    Random random = new Random(7);
    int retries = 0;
    try (DatagramSocket attacker = new DatagramSocket()) {
      attacker.setSoTimeout(1);
      InetSocketAddress quic = new InetSocketAddress("127.0.0.1", hub.quicPort());
      for (int i = 0; i < 2_000; i++) {
        byte[] junk = new byte[1 + random.nextInt(1500)];
        random.nextBytes(junk);
        attacker.send(new DatagramPacket(junk, junk.length, quic));
      }
      for (int i = 0; i < 20_000; i++) {
        byte[] initial = bogusInitial(random);
        attacker.send(new DatagramPacket(initial, initial.length, quic));
        if (i % 200 == 0) {
          retries += drainRetries(attacker);
        }
      }
      retries += drainRetries(attacker);
    }
    // a Retry costs the listener an HMAC and no connection state: forged source addresses get nowhere
    assertTrue(retries > 0, "the listener answered bogus Initials with stateless Retry packets");
    theRealEdgeIsStillConnected();
  }

  /** A QUIC v1 Initial with random connection ids and no token, padded to 1200 bytes as the RFC asks. */
  private static byte[] bogusInitial(Random random) {
    ByteBuffer packet = ByteBuffer.allocate(1200);
    packet.put((byte) 0xc3).putInt(1);
    byte[] cid = new byte[8];
    random.nextBytes(cid);
    packet.put((byte) 8).put(cid);
    random.nextBytes(cid);
    packet.put((byte) 8).put(cid);
    packet.put((byte) 0);
    int rest = packet.remaining() - 2;
    packet.putShort((short) (0x4000 | rest));
    byte[] payload = new byte[rest];
    random.nextBytes(payload);
    packet.put(payload);
    return packet.array();
  }

  /** Counts the Retry packets (long header, type 3) waiting on the socket. */
  private static int drainRetries(DatagramSocket socket) throws IOException {
    int retries = 0;
    byte[] buffer = new byte[1500];
    while (true) {
      DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(answer);
      } catch (java.net.SocketTimeoutException none) {
        return retries;
      }
      if ((buffer[0] & 0xf0) == 0xf0) {
        retries++;
      }
    }
  }

  @Test
  void aTwoGigabyteLengthPrefixFromAnAuthenticatedPeerClosesOnlyThatConnection() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      WebSocket socket = hostileClient.connect(linkAddress()).await();
      CompletableFuture<String> closed = closeReasonOf(socket);
      socket.writeBinaryMessage(Buffer.buffer().appendInt(0x7fffffff).appendBytes(randomBytes(16)));

      assertEquals("frame of 2147483647 bytes exceeds link.maxFrameSize (1048576 bytes)", closed.get(10, TimeUnit.SECONDS));
      assertTrue(logs.contains("remote: 127.0.0.1:", "exceeds link.maxFrameSize"), String.join("\n", logs.lines()));
    }
    theRealEdgeIsStillConnected();
  }

  @Test
  void aMalformedHelloIsRefusedWithAReason() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      WebSocket socket = hostileClient.connect(linkAddress()).await();
      CompletableFuture<String> closed = closeReasonOf(socket);
      byte[] truncatedField = {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x01};
      socket.writeBinaryMessage(FrameCodec.encode(Envelope.newBuilder().setChannel(Channel.CONTROL)
          .setRoute(Route.newBuilder().setGroup("link").setOperation("hello"))
          .setContent(ByteString.copyFrom(truncatedField)).build()));

      String reason = closed.get(10, TimeUnit.SECONDS);
      assertTrue(reason.startsWith("malformed hello:"), reason);
      assertTrue(logs.contains("remote: 127.0.0.1:", "link refused: malformed hello"), String.join("\n", logs.lines()));
    }
    theRealEdgeIsStillConnected();
  }

  @Test
  void aHelloClaimingAnotherNodeIsRefusedWithAReason() throws Exception {
    WebSocket socket = hostileClient.connect(linkAddress()).await();
    CompletableFuture<String> closed = closeReasonOf(socket);
    socket.writeBinaryMessage(FrameCodec.encode(Envelope.newBuilder().setChannel(Channel.CONTROL)
        .setRoute(Route.newBuilder().setGroup("link").setOperation("hello"))
        .setContent(io.vertedge.link.proto.Hello.newBuilder().setNodeName("edge-1").setProtocolVersion(1)
            .build().toByteString()).build()));

    assertEquals("hello names node edge-1 but the certificate is for node edge-2", closed.get(10, TimeUnit.SECONDS));
    theRealEdgeIsStillConnected();
  }

  private void theRealEdgeIsStillConnected() {
    assertSame(edgeLink, edge.link().orElseThrow(), "the real edge kept its link");
    WebClient api = WebClient.create(hub.vertx);
    try {
      assertEquals(200, api.postAbs(hub.cloud.apiUrl() + "/api/v1/nodes/edge-1/ping").send().await().statusCode());
    } finally {
      api.close();
    }
  }

  private WebSocketConnectOptions linkAddress() {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(hub.websocketPort()).setURI("/v1/link").setSsl(true);
  }

  private static WebSocketClientOptions authenticatedAs(LinkTls tls) {
    return new WebSocketClientOptions().setSsl(true).setVerifyHost(false)
        .setKeyCertOptions(tls.keyCertOptions()).setTrustOptions(tls.trustOptions())
        .setMaxFrameSize(LinkTls.webSocketLimit(1 << 20)).setMaxMessageSize(LinkTls.webSocketLimit(1 << 20));
  }

  private static CompletableFuture<String> closeReasonOf(WebSocket socket) {
    CompletableFuture<String> reason = new CompletableFuture<>();
    socket.closeHandler(v -> reason.complete(String.valueOf(socket.closeReason())));
    return reason;
  }

  /** Writes bytes over plain TCP and waits for the server to hang up. */
  private static void sendRaw(int port, byte[] bytes) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
      InputStream in = socket.getInputStream();
      try {
        while (in.read() >= 0) {
          // drain whatever alert or error the server sends until it closes
        }
      } catch (java.net.SocketException reset) {
        // a reset is a hang-up too
      }
    }
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}

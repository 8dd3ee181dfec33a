package io.vertedge.mappers.push.http;

import static io.vertedge.mappers.push.ConfigMaps.with;
import static io.vertedge.mappers.push.ConfigMaps.without;
import static io.vertedge.mappers.push.PushReadings.TIME;
import static io.vertedge.mappers.push.PushReadings.temperature;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.push.PushTarget;
import io.vertedge.mappers.testsupport.LogCapture;
import io.vertedge.mappers.testsupport.OnContext;
import io.vertedge.mappers.testsupport.Poll;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class HttpPushTest {

  private record Received(String method, String uri, String contentType, String body) { }

  private final Vertx vertx = Vertx.vertx();
  private final OnContext mapper = new OnContext(vertx.getOrCreateContext());
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  /** The status the receiver answers; 0: it never answers. */
  private final AtomicInteger status = new AtomicInteger(200);
  private HttpPushMethod method;
  private HttpServer server;
  private int port;

  @BeforeEach
  void start() {
    method = new HttpPushMethod(vertx, "edge-1");
    port = startReceiver(0);
  }

  @AfterEach
  void stop() {
    mapper.await(() -> method.close());
    vertx.close().await();
  }

  @Test
  void postsKubeEdgesFormBodyByteForByte() {
    PushTarget target = target(Map.of("hostName", "http://127.0.0.1", "port", port, "requestPath", "/readings"));

    mapper.await(() -> target.push(temperature("21.5")));

    String localTime = LocalDateTime.ofInstant(TIME, ZoneId.systemDefault()).toString().replace('T', ' ').substring(0, 19);
    assertEquals(List.of(new Received("POST", "/readings", "application/x-www-form-urlencoded",
        "temperature=21.5&time=" + localTime)), List.copyOf(received));
  }

  @Test
  void postsJsonWhenThePayloadKeySaysSo() {
    PushTarget target = target(Map.of("hostName", "http://127.0.0.1", "port", port, "requestPath", "/j", "payload", "json"));

    mapper.await(() -> target.push(temperature("21.5")));

    assertEquals(List.of(new Received("POST", "/j", "application/json",
        "{\"device\":\"thermo-1\",\"namespace\":\"default\",\"property\":\"temperature\",\"value\":\"21.5\","
            + "\"type\":\"float\",\"timestamp\":" + TIME.toEpochMilli() + ",\"unit\":\"Cel\"}")), List.copyOf(received));
  }

  @Test
  void aHostNameWithoutSchemeIsHttp() {
    PushTarget target = target(Map.of("hostName", "127.0.0.1", "port", port));

    mapper.await(() -> target.push(temperature("1")));

    assertEquals("/", received.peek().uri());
  }

  @Test
  void aRefusingReceiverIsTriedThreeTimesThenTheReadingFails() {
    status.set(503);
    PushTarget target = target(Map.of("hostName", "http://127.0.0.1", "port", port));

    RuntimeException failure = assertThrows(RuntimeException.class, () -> mapper.await(() -> target.push(temperature("1"))));

    assertTrue(failure.getMessage().contains("503"), failure.getMessage());
    assertEquals(HttpTarget.ATTEMPTS, received.size());
  }

  @Test
  void noAnswerWithinTimeoutFailsEachTry() {
    status.set(0);
    PushTarget target = target(Map.of("hostName", "http://127.0.0.1", "port", port, "timeout", 300));

    long started = System.nanoTime();
    assertThrows(RuntimeException.class, () -> mapper.await(() -> target.push(temperature("1"))));

    assertEquals(HttpTarget.ATTEMPTS, received.size());
    assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos(), "each try ended by the 300 ms timeout");
  }

  @Test
  void aReceiverDownThenUpIsLoggedOnceAndPushedToAgain() {
    try (LogCapture log = new LogCapture(HttpTarget.class)) {
      PushTarget target = target(Map.of("hostName", "http://127.0.0.1", "port", port, "timeout", 500));
      mapper.await(() -> target.push(temperature("1")));
      server.close().await();

      for (int i = 0; i < 4; i++) {
        assertThrows(RuntimeException.class, () -> mapper.await(() -> target.push(temperature("2"))));
      }
      startReceiver(port);
      mapper.await(() -> target.push(temperature("3")));

      assertEquals(List.of("1", "3"), received.stream().map(r -> r.body().substring(12, 13)).toList());
      List<String> warnings = log.messages(Level.WARN);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).startsWith("[node: edge-1, device: default/thermo-1] properties[temperature].pushMethod.http:"
          + " http push to http://127.0.0.1:" + port + " failing"), warnings.get(0));
      assertEquals(List.of("[node: edge-1, device: default/thermo-1] http push to"
          + " http://127.0.0.1:" + port + " works again; 4 readings lost meanwhile"), log.messages(Level.INFO));
    }
  }

  @Test
  void anOutageOfAReceiverSharedByManyTargetsIsLoggedOnceNotOncePerTarget() {
    try (LogCapture log = new LogCapture(HttpTarget.class)) {
      List<PushTarget> targets = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        targets.add(target(Map.of("hostName", "http://127.0.0.1", "port", port, "timeout", 500)));
      }
      server.close().await();
      for (PushTarget target : targets) {
        assertThrows(RuntimeException.class, () -> mapper.await(() -> target.push(temperature("2"))));
      }
      startReceiver(port);
      for (PushTarget target : targets) {
        mapper.await(() -> target.push(temperature("3")));
      }

      assertEquals(1, log.messages(Level.WARN).size(), log.messages(Level.WARN).toString());
      assertEquals(List.of("[node: edge-1, device: default/thermo-1] http push to http://127.0.0.1:" + port
          + " works again; 20 readings lost meanwhile"), log.messages(Level.INFO));
    }
  }

  @Test
  void httpsIsSpokenAndTheReceiversCertificateChecked(@TempDir Path dir) throws Exception {
    Path keyStore = dir.resolve("receiver.p12");
    Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
        "-storepass", "secret", "-alias", "receiver", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "1")
        .redirectErrorStream(true).start();
    assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
    HttpServer tls = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
            .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword("secret")))
        .requestHandler(request -> request.response().end()).listen(0, "127.0.0.1").await();
    PushTarget target = target(Map.of("hostName", "https://localhost", "port", tls.actualPort()));

    RuntimeException failure = assertThrows(RuntimeException.class, () -> mapper.await(() -> target.push(temperature("1"))));

    // the handshake ran and the self-signed certificate was refused: TLS spoken, the JVM's trust store used
    List<String> causes = new java.util.ArrayList<>();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      causes.add(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
    assertTrue(causes.stream().anyMatch(c -> c.startsWith("SSLHandshakeException")), causes.toString());
    assertTrue(causes.stream().anyMatch(c -> c.contains("PKIX") || c.contains("certificate")), causes.toString());
    assertEquals(List.of(), List.copyOf(received));
  }

  @Test
  void invalidFieldsAreNamed() {
    Map<String, Object> good = Map.of("hostName", "http://127.0.0.1", "port", 80);
    assertInvalid("properties[temperature].pushMethod.http.hostName", without(good, "hostName"));
    assertInvalid("properties[temperature].pushMethod.http.hostName", with(good, "hostName", "ftp://x"));
    assertInvalid("properties[temperature].pushMethod.http.port", without(good, "port"));
    assertInvalid("properties[temperature].pushMethod.http.port", with(good, "port", 70000));
    assertInvalid("properties[temperature].pushMethod.http.port", with(good, "port", "80"));
    assertInvalid("properties[temperature].pushMethod.http.requestPath", with(good, "requestPath", "data"));
    assertInvalid("properties[temperature].pushMethod.http.timeout", with(good, "timeout", -1));
    assertInvalid("properties[temperature].pushMethod.http.payload", with(good, "payload", "xml"));
  }

  private void assertInvalid(String field, Map<String, Object> config) {
    InvalidFieldException e = assertThrows(InvalidFieldException.class, () -> target(config));
    assertEquals(field, e.field(), e.getMessage());
  }

  private PushTarget target(Map<String, Object> config) {
    return mapper.await(() -> Future.succeededFuture(method.target("properties[temperature].pushMethod.http", config)));
  }

  private int startReceiver(int onPort) {
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(new Received(request.method().name(), request.uri(), request.getHeader("Content-Type"), body.toString()));
      if (status.get() != 0) {
        request.response().setStatusCode(status.get()).end("thanks");
      }
    })).listen(onPort, "127.0.0.1").await();
    return server.actualPort();
  }
}

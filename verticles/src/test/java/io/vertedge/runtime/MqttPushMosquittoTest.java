package io.vertedge.runtime;

import io.vertedge.edge.mqtt.external.Mosquitto;
import io.vertedge.mappers.driver.PropertyType;
import io.vertedge.mappers.push.PushTarget;
import io.vertedge.mappers.push.Reading;
import io.vertedge.mappers.push.mqtt.MqttPushMethod;
import io.vertedge.testsupport.Poll;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The mqtt push method against a real Mosquitto, read by {@code mosquitto_sub} and counted in Mosquitto's log. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MqttPushMosquittoTest {

  private static final Instant TIME = Instant.parse("2026-03-04T05:06:07.890Z");

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final Context mapper = vertx.getOrCreateContext();
  private MqttPushMethod method;
  private Mosquitto mosquitto;

  @BeforeEach
  void start() {
    assumeTrue(Mosquitto.installed(), "mosquitto is not installed");
    mosquitto = Mosquitto.start(dir.resolve("mosquitto"));
    method = new MqttPushMethod(vertx, "edge-1");
  }

  @AfterEach
  void stop() {
    if (method != null) {
      on(() -> method.close());
    }
    vertx.close().await();
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  @Test
  void aSubscriberReadsKubeEdgesTextAtEachQos() throws Exception {
    try (MosquittoSub sub = MosquittoSub.subscribe(mosquitto.port(), "factory/#", 3)) {
      for (int qos = 0; qos <= 2; qos++) {
        PushTarget target = target("factory/q" + qos, qos);
        String value = String.valueOf(qos);
        on(() -> target.push(reading(value)));
      }
      String time = LocalDateTime.ofInstant(TIME, ZoneId.systemDefault()).toString().replace('T', ' ').substring(0, 19);
      assertEquals(List.of("time is " + time + "  factory/q0: 0", "time is " + time + "  factory/q1: 1",
          "time is " + time + "  factory/q2: 2"), sub.messages());
    }
  }

  @Test
  void manyTargetsOnOneBrokerAreOneClientOfIt() throws Exception {
    try (MosquittoSub sub = MosquittoSub.subscribe(mosquitto.port(), "many/#", 30)) {
      List<PushTarget> targets = IntStream.range(0, 30).mapToObj(i -> target("many/" + i, 1)).toList();
      targets.forEach(target -> on(() -> target.push(reading("1"))));
      assertEquals(30, sub.messages().size());
    }
    assertEquals(1, brokerLog("New client connected").stream().filter(line -> line.contains("vertedge-push-")).count(),
        String.join("\n", brokerLog("New client connected")));
  }

  @Test
  void aRestartedBrokerIsReconnectedToAndTheWaitingReadingsArrive() throws Exception {
    // retained: the subscriber reads the reading that waited whether it subscribes before or after the reconnect
    PushTarget target = target("restart/t", 1, true);
    on(() -> target.push(reading("before")));
    mosquitto.stop();
    Poll.until(Duration.ofSeconds(10), "the loss seen", () -> on(() -> Future.succeededFuture(method.connections())) == 0);
    CompletableFuture<Void> waiting = call(() -> target.push(reading("while-down")));

    mosquitto.restart();
    try (MosquittoSub sub = MosquittoSub.subscribe(mosquitto.port(), "restart/t", 2)) {
      waiting.get(30, TimeUnit.SECONDS);
      on(() -> target.push(reading("after")));
      assertEquals(List.of("while-down", "after"), sub.messages().stream().map(m -> m.substring(m.lastIndexOf(' ') + 1)).toList());
    }
  }

  private PushTarget target(String topic, int qos) {
    return target(topic, qos, false);
  }

  private PushTarget target(String topic, int qos, boolean retained) {
    return on(() -> Future.succeededFuture(method.target("properties[temperature].pushMethod.mqtt",
        Map.of("address", mosquitto.url(), "topic", topic, "qos", qos, "retained", retained))));
  }

  private static Reading reading(String value) {
    return new Reading("default", "thermo-1", "edge-1", "thermometer", "temperature", PropertyType.STRING, null, value, TIME);
  }

  private List<String> brokerLog(String containing) {
    try {
      return Files.readAllLines(dir.resolve("mosquitto").resolve("mosquitto.log")).stream()
          .filter(line -> line.contains(containing)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs on the mapper's context, as the built-in mappers do, and waits. */
  private <T> T on(Supplier<Future<T>> action) {
    try {
      return call(action).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private <T> CompletableFuture<T> call(Supplier<Future<T>> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    mapper.runOnContext(v -> action.get().onSuccess(result::complete).onFailure(result::completeExceptionally));
    return result;
  }
}

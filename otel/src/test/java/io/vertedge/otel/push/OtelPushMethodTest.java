package io.vertedge.otel.push;

import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.driver.PropertyType;
import io.vertedge.mappers.push.PushTarget;
import io.vertedge.mappers.push.Reading;
import io.vertedge.otel.Telemetry;
import io.vertedge.otel.testsupport.OtlpReceiver;
import io.vertedge.otel.testsupport.OtlpReceiver.Point;
import io.vertedge.otel.testsupport.Poll;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The otel push method against a local OTLP receiver that decodes with opentelemetry-proto. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OtelPushMethodTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration INTERVAL = Duration.ofMillis(200);

  private Vertx vertx;
  private Context context;
  private Telemetry hub;
  private OtlpReceiver receiver;
  private OtelPushMethod method;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    hub = Telemetry.create("vertedge-edge", "0.1.0", Map.of());
    receiver = new OtlpReceiver(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    if (method != null) {
      method.close().await(10, TimeUnit.SECONDS);
    }
    receiver.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    hub.close();
  }

  private OtelPushMethod method(byte[] trust) {
    method = (OtelPushMethod) new OtelPushMethodFactory(hub.meter("io.vertedge.mappers"), INTERVAL, trust)
        .create(vertx, "edge-1", "0.1.0");
    return method;
  }

  private PushTarget target(String property, String url) throws Exception {
    return context.<PushTarget>executeBlocking(
        () -> method.target("properties[" + property + "].pushMethod.otel", Map.of("endpointURL", url)), false)
        .await(10, TimeUnit.SECONDS);
  }

  private static Reading reading(String device, String property, PropertyType type, String unit, String value) {
    return new Reading("default", device, "edge-1", "thermometer-model", property, type, unit, value, Instant.now());
  }

  /** Pushes on a Vert.x context, as a mapper does, and waits for the push's outcome. */
  private Future<Void> push(PushTarget target, Reading reading) {
    return onContext(() -> target.push(reading));
  }

  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  @Test
  void httpExportsOneGaugePerPropertyWithTheDeviceAttributes() throws Exception {
    int port = receiver.start(0, false).await(10, TimeUnit.SECONDS);
    method(null);
    String url = "http://127.0.0.1:" + port + "/v1/metrics";
    PushTarget hall = target("temperature", url);
    PushTarget cellar = target("temperature", url);
    PushTarget open = target("open", url);
    PushTarget label = target("label", url);
    assertEquals(1, method.pipelines(), "one pipeline per endpoint, not per device");

    push(hall, reading("hall", "temperature", PropertyType.INT, "°C", "21")).await(WAIT.toSeconds(), TimeUnit.SECONDS);
    push(cellar, reading("cellar", "temperature", PropertyType.DOUBLE, null, "12.5")).await(WAIT.toSeconds(), TimeUnit.SECONDS);
    push(open, reading("hall", "open", PropertyType.BOOLEAN, null, "true")).await(WAIT.toSeconds(), TimeUnit.SECONDS);
    push(label, reading("hall", "label", PropertyType.STRING, null, "front")).await(WAIT.toSeconds(), TimeUnit.SECONDS);
    push(open, reading("hall", "open", PropertyType.BOOLEAN, null, "false")).await(WAIT.toSeconds(), TimeUnit.SECONDS);

    List<Point> points = receiver.points();
    Point hallTemperature = only(points, "temperature", "default/hall");
    assertEquals(21.0, hallTemperature.value());
    assertEquals(Map.of("device.id", "default/hall", "device.namespace", "default", "device.name", "hall",
        "node", "edge-1", "device.model", "thermometer-model", "unit", "°C"), hallTemperature.attributes());
    assertEquals("vertedge-edge", hallTemperature.resource().get("service.name"));
    assertEquals("edge-1", hallTemperature.resource().get("vertedge.node.name"));
    assertEquals("0.1.0", hallTemperature.resource().get("service.version"));
    assertEquals("/v1/metrics", hallTemperature.path());
    assertEquals(12.5, only(points, "temperature", "default/cellar").value());
    assertFalse(only(points, "temperature", "default/cellar").attributes().containsKey("unit"), "no unit when the model has none");
    assertEquals(List.of(1.0, 0.0), values(points, "open", "default/hall"), "booleans as 1 and 0, each reading once");
    assertTrue(points.stream().noneMatch(p -> p.metric().equals("label")), "strings are not metrics");
    assertTrue(counter("vertedge_otel_points_exported_total") >= 4, hub.scrape());

    for (PushTarget target : List.of(hall, cellar, open, label)) {
      onContext(() -> {
        target.release();
        return Future.succeededFuture();
      }).await(10, TimeUnit.SECONDS);
    }
    assertEquals(0, method.pipelines(), "the pipeline closes with its last target");
  }

  @Test
  void grpcExportsEveryReadingOnceAtTheDeviceCadence() throws Exception {
    int port = receiver.start(0, false).await(10, TimeUnit.SECONDS);
    method(null);
    PushTarget target = target("temperature", "http://127.0.0.1:" + port);
    int readings = 8;
    List<Double> sent = new ArrayList<>();
    for (int i = 0; i < readings; i++) {
      // a reportCycle longer than the export interval: each reading lands in its own export
      double value = 20 + i / 4.0;
      sent.add(value);
      push(target, reading("hall", "temperature", PropertyType.FLOAT, "°C", Double.toString(value)))
          .await(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    List<Point> points = receiver.points().stream().filter(p -> p.metric().equals("temperature")).toList();
    assertEquals(sent, points.stream().map(Point::value).toList(), "one point per reading, none repeated, none lost");
    for (int i = 1; i < points.size(); i++) {
      assertTrue(points.get(i).timeNanos() > points.get(i - 1).timeNanos(), "points in time order");
    }
    assertTrue(receiver.paths().stream().allMatch(OtlpReceiver.GRPC_METRICS::equals), receiver.paths().toString());
  }

  @Test
  void exportResumesAfterAnOutageWithBoundedMemory() throws Exception {
    int port = receiver.start(0, false).await(10, TimeUnit.SECONDS);
    receiver.stop().await(10, TimeUnit.SECONDS);
    method(null);
    String url = "http://127.0.0.1:" + port + "/v1/metrics";
    int devices = 20;
    List<PushTarget> targets = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      targets.add(target("temperature", url));
    }
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicInteger round = new AtomicInteger();
    AtomicInteger maxPending = new AtomicInteger();
    // every device reads every 50 ms, far faster than the endpoint (down) can take
    long timer = vertx.setPeriodic(50, id -> {
      int r = round.incrementAndGet();
      for (int d = 0; d < devices; d++) {
        targets.get(d).push(reading("dev-" + d, "temperature", PropertyType.INT, null, Integer.toString(r)))
            .onFailure(failures::add);
      }
      maxPending.accumulateAndGet(method.pending(), Math::max);
    });
    Poll.until(WAIT, "an export to fail and be counted", () -> counter("vertedge_otel_export_failures_total") >= 1);
    assertTrue(failures.stream().anyMatch(OtlpExportException.class::isInstance), failures.toString());
    assertTrue(counter("vertedge_otel_points_dropped_total") >= 1, hub.scrape());
    assertTrue(maxPending.get() <= devices, "at most one unexported value per device, not " + maxPending.get());

    OtlpReceiver back = new OtlpReceiver(vertx);
    back.start(port, false).await(10, TimeUnit.SECONDS);
    try {
      Poll.until(WAIT, "exports to reach the receiver again", () -> back.points().size() >= devices);
      int after = round.get();
      Poll.until(WAIT, "readings taken after the outage", () -> back.points().stream().anyMatch(p -> p.value() > after));
      assertTrue(maxPending.get() <= devices, "at most one unexported value per device, not " + maxPending.get());
    } finally {
      vertx.cancelTimer(timer);
      back.stop().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void httpsWithTheEndpointsCertificate() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    int port = receiver.start(0, true, certificate).await(10, TimeUnit.SECONDS);
    byte[] trust = Files.readAllBytes(Path.of(certificate.certificatePath()));
    method(trust);
    PushTarget overHttp = target("temperature", "https://localhost:" + port + "/v1/metrics");
    PushTarget overGrpc = target("humidity", "https://localhost:" + port);
    push(overHttp, reading("hall", "temperature", PropertyType.INT, null, "21")).await(WAIT.toSeconds(), TimeUnit.SECONDS);
    push(overGrpc, reading("hall", "humidity", PropertyType.INT, null, "40")).await(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(21.0, only(receiver.points(), "temperature", "default/hall").value());
    assertEquals(40.0, only(receiver.points(), "humidity", "default/hall").value());
  }

  @Test
  void badConfigurationNamesTheField() {
    method(null);
    InvalidFieldException missing = assertThrows(InvalidFieldException.class,
        () -> method.target("properties[t].pushMethod.otel", Map.of()));
    assertEquals("properties[t].pushMethod.otel.endpointURL", missing.field());
    InvalidFieldException scheme = assertThrows(InvalidFieldException.class,
        () -> method.target("properties[t].pushMethod.otel", Map.of("endpointURL", "ftp://x:4317")));
    assertTrue(scheme.problem().contains("http://"), scheme.problem());
    InvalidFieldException unknown = assertThrows(InvalidFieldException.class,
        () -> method.target("properties[t].pushMethod.otel", Map.of("endpointURL", "http://x:4317", "endpoint", "x")));
    assertEquals("properties[t].pushMethod.otel.endpoint", unknown.field());
    assertEquals(0, method.pipelines(), "nothing opened for bad input");
  }

  private static Point only(List<Point> points, String metric, String deviceId) {
    List<Point> matching = points.stream()
        .filter(p -> p.metric().equals(metric) && deviceId.equals(p.attributes().get("device.id"))).toList();
    assertEquals(1, matching.size(), metric + " of " + deviceId + " in " + points);
    return matching.get(0);
  }

  private static List<Double> values(List<Point> points, String metric, String deviceId) {
    return points.stream().filter(p -> p.metric().equals(metric) && deviceId.equals(p.attributes().get("device.id")))
        .map(Point::value).toList();
  }

  private double counter(String name) {
    Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*} ([0-9.eE+-]+)").matcher(hub.scrape());
    double sum = 0;
    while (matcher.find()) {
      sum += Double.parseDouble(matcher.group(1));
    }
    return sum;
  }
}

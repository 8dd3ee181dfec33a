package io.vertedge.load.delivery;

import com.google.protobuf.ByteString;
import io.vertedge.delivery.EdgeDelivery;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Devices reporting their temperature once per simulated second, fed to the edge as fast as
 * its store takes them: for each second {@code t}, each device {@code d} reports a twin value
 * keyed {@code device-d/twin/temperature} (≈ 130 B of JSON with the value and {@code t}).
 * As {@link Kind#STATE} each goes through {@link EdgeDelivery#report} (coalesced: the cloud
 * gets the newest per key), as {@link Kind#EVENTS} through the outbox (the cloud gets each).
 * Simulated time: one second of it is {@code devices} reports, with no waiting in between.
 */
final class DeviceReports {

  enum Kind { STATE, EVENTS }

  /** Simulated time 0: 2026-11-25T10:00:00Z. */
  static final long EPOCH_MILLIS = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();

  /**
   * @param reports accepted (future succeeded)
   * @param nanos   from the first call to the last future completed
   * @param failed  futures that failed; {@code firstFailure} says why
   */
  record Result(long reports, long nanos, long failed, String firstFailure) {

    double perSecond() {
      return reports / (nanos / 1e9);
    }
  }

  private DeviceReports() {
  }

  static String key(int device) {
    return "device-" + device + "/twin/temperature";
  }

  /** The envelope device {@code device} reports at simulated second {@code t}; the same for the same arguments. */
  static Envelope report(int device, int t) {
    long millis = EPOCH_MILLIS + t * 1000L;
    // a value that changes every second and differs per device: 15.00 .. 34.99
    int hundredths = 1500 + Math.floorMod(device * 7919 + t * 31, 2000);
    String content = new StringBuilder(160)
        .append("{\"device\":\"device-").append(device)
        .append("\",\"property\":\"temperature\",\"value\":").append(hundredths / 100).append('.')
        .append(hundredths % 100 < 10 ? "0" : "").append(hundredths % 100)
        .append(",\"unit\":\"celsius\",\"t\":").append(t)
        .append(",\"ts\":\"").append(Instant.ofEpochMilli(millis)).append("\",\"quality\":\"good\"}")
        .toString();
    return Envelope.newBuilder()
        .setId(device + ":" + t)
        .setTimestamp(millis)
        .setRoute(Route.newBuilder().setSource("device-" + device).setGroup("twin").setOperation("report")
            .setResource(key(device)))
        .setContent(ByteString.copyFrom(content, StandardCharsets.UTF_8))
        .build();
  }

  /** Which device and second an envelope of {@link #report} is: {@code {device, t}}. */
  static int[] deviceAndSecond(Envelope envelope) {
    String id = envelope.getId();
    int colon = id.indexOf(':');
    return new int[] {Integer.parseInt(id, 0, colon, 10), Integer.parseInt(id, colon + 1, id.length(), 10)};
  }

  /**
   * Runs seconds {@code from} (inclusive) to {@code to} (exclusive) of {@code devices} devices,
   * in order (second by second, device by device) with at most {@code inFlight} futures
   * outstanding, on a verticle of its own on {@code vertx}; {@code progress} gets a line every
   * 10 s. Completes when every future completed; stops at the first failure.
   */
  static Future<Result> run(Vertx vertx, EdgeDelivery delivery, Kind kind, int devices, int from, int to, int inFlight,
                            Consumer<String> progress) {
    return run(vertx, delivery, kind, devices, from, to, inFlight, false, progress);
  }

  /**
   * As {@link #run(Vertx, EdgeDelivery, Kind, int, int, int, int, Consumer)}; with {@code paced}, each simulated
   * second's state is in the state store ({@link EdgeDelivery#stateApplied}) before the next second starts, as in
   * real time, where a device's reports are a second apart and each is applied long before the next: the store then
   * gets every report of every second, not only the newest of whatever queued while it was busy.
   */
  static Future<Result> run(Vertx vertx, EdgeDelivery delivery, Kind kind, int devices, int from, int to, int inFlight,
                            boolean paced, Consumer<String> progress) {
    Promise<Result> result = Promise.promise();
    vertx.deployVerticle(new VerticleBase() {
      private final long total = (long) devices * (to - from);
      private long issued;
      private long done;
      private long failed;
      private String firstFailure;
      private int outstanding;
      private long started;
      private long timer;

      @Override
      public Future<?> start() {
        started = System.nanoTime();
        timer = vertx.setPeriodic(10_000, id -> progress.accept(String.format(Locale.ROOT,
            "  ... %,d of %,d reports (simulated second %d), %.0f/s so far", done, total, from + done / devices,
            done / ((System.nanoTime() - started) / 1e9))));
        more();
        return Future.succeededFuture();
      }

      private boolean waitingForSecond;
      private boolean secondApplied;

      private void more() {
        if (waitingForSecond) {
          return;
        }
        while (outstanding < inFlight && issued < total && failed == 0) {
          if (paced && issued > 0 && issued % devices == 0 && !secondApplied) {
            if (outstanding == 0) {
              waitingForSecond = true;
              delivery.stateApplied().onComplete(ar -> {
                waitingForSecond = false;
                secondApplied = true;
                more();
              });
            }
            return;
          }
          secondApplied = false;
          int t = (int) (from + issued / devices);
          int device = (int) (issued % devices);
          issued++;
          outstanding++;
          Envelope envelope = report(device, t);
          Future<?> accepted = kind == Kind.STATE ? delivery.report(envelope)
              : delivery.outbox().accept(envelope.toBuilder().setChannel(Channel.DATA).build());
          accepted.onComplete(ar -> {
            outstanding--;
            if (ar.succeeded()) {
              done++;
            } else if (failed++ == 0) {
              firstFailure = ar.cause().toString();
            }
            if (outstanding == 0 && (issued == total || failed > 0)) {
              vertx.cancelTimer(timer);
              result.tryComplete(new Result(done, System.nanoTime() - started, failed, firstFailure));
            } else {
              more();
            }
          });
        }
      }
    }).onFailure(result::tryFail);
    return result.future();
  }
}

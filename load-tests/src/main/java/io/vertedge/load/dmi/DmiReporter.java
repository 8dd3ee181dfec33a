package io.vertedge.load.dmi;

import com.google.protobuf.ByteString;
import io.vertedge.dmi.v1beta1.DeviceStatus;
import io.vertedge.dmi.v1beta1.MapperInfo;
import io.vertedge.dmi.v1beta1.MapperRegisterRequest;
import io.vertedge.dmi.v1beta1.ReportDeviceStatesRequest;
import io.vertedge.dmi.v1beta1.ReportDeviceStatusRequest;
import io.vertedge.dmi.v1beta1.Twin;
import io.vertedge.dmi.v1beta1.TwinProperty;
import io.vertedge.edge.dmi.DmiMethods;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * An external mapper for protocol {@code loadproto} as KubeEdge's mapper framework is one: a
 * Vert.x gRPC client on the edge's DMI socket that registers (withData false: it knows its
 * devices) and then reports every device's twins once a second, paced evenly over the second,
 * with at most {@code inFlight} calls unanswered (more wait here, and their wait counts in the
 * latency from when they were due); one device in a hundred also reports its state each second.
 * Everything runs on one context of its own Vert.x, so the counters need no locks.
 */
final class DmiReporter {

  static final String PROTOCOL = "loadproto";
  /** 100 pacing ticks a second: each sends the reports that have come due since the last. */
  private static final long TICK_MILLIS = 10;

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final GrpcClient client = GrpcClient.client(vertx);
  private final SocketAddress socket;
  private final int devices;
  private final int inFlight;
  private final ArrayDeque<long[]> waiting = new ArrayDeque<>(); // {report index, due nanos}
  private long started;
  private long scheduled;
  private int unanswered;
  private long timer = -1;
  private Window window = new Window(0); // the calls issued since {@link #startWindow}

  DmiReporter(String dmiEndpoint, int devices, int inFlight) {
    this.socket = SocketAddress.domainSocketAddress(URI.create(dmiEndpoint).getPath());
    this.devices = devices;
    this.inFlight = inFlight;
  }

  static String deviceName(int d) {
    return String.format(Locale.ROOT, "dmi-%05d", d);
  }

  void register() {
    MapperInfo mapper = MapperInfo.newBuilder().setName("load-mapper").setVersion("v1.13.0").setApiVersion("v1.0.0")
        .setProtocol(PROTOCOL).setAddress(ByteString.copyFromUtf8("/tmp/load-mapper.sock")).setState("ok").build();
    on(() -> call(DmiMethods.MANAGER_REGISTER, MapperRegisterRequest.newBuilder().setMapper(mapper).build())).await();
  }

  /** Reports each device once (in flight at most {@code inFlight}); the devices still refused (e.g. not on the edge yet). */
  int reportEachOnce() {
    return on(() -> {
      Promise<Integer> done = Promise.promise();
      int[] state = {0, 0, 0}; // next device, answered, refused
      Runnable[] next = new Runnable[1];
      next[0] = () -> {
        int d = state[0]++;
        if (d >= devices) {
          return;
        }
        call(DmiMethods.MANAGER_STATUS, status(d, 0)).onComplete(answer -> {
          state[2] += answer.succeeded() ? 0 : 1;
          if (++state[1] == devices) {
            done.complete(state[2]);
          }
          next[0].run();
        });
      };
      for (int i = 0; i < Math.min(inFlight, devices); i++) {
        next[0].run();
      }
      return done.future();
    }).await();
  }

  /** Every device reports once a second from now on. */
  void start() {
    on(() -> {
      started = System.nanoTime();
      timer = vertx.setPeriodic(TICK_MILLIS, id -> pace());
      return Future.succeededFuture();
    }).await();
  }

  void startWindow() {
    on(() -> {
      window = new Window(System.nanoTime());
      return Future.succeededFuture();
    }).await();
  }

  /** The window so far: calls sent and answered, failures, latencies. */
  Window endWindow() {
    return on(() -> {
      Window ended = window;
      ended.end(System.nanoTime(), waiting.size(), unanswered);
      window = new Window(System.nanoTime());
      return Future.succeededFuture(ended);
    }).await();
  }

  /** The second of the load (0, 1, ...; before the dot of its temperature) of device d's newest report come due. */
  long newestDueSecond(int d) {
    return Math.floorDiv((System.nanoTime() - started) * devices / 1_000_000_000L - d, devices);
  }

  void close() {
    on(() -> {
      vertx.cancelTimer(timer);
      timer = -1;
      return Future.succeededFuture();
    }).await();
    client.close().await();
    vertx.close().await();
  }

  private void pace() {
    if (timer == -1) {
      return; // not started, or closed
    }
    long now = System.nanoTime();
    long due = (now - started) * devices / 1_000_000_000L;
    for (; scheduled < due; scheduled++) {
      waiting.add(new long[] {scheduled, started + scheduled * 1_000_000_000L / devices});
    }
    while (unanswered < inFlight && !waiting.isEmpty()) {
      long[] report = waiting.poll();
      send((int) (report[0] % devices), report[0] / devices, report[1]);
    }
  }

  private void send(int d, long second, long dueNanos) {
    Window counted = window;
    long sent = System.nanoTime();
    counted.sent++;
    unanswered++;
    call(DmiMethods.MANAGER_STATUS, status(d, second)).onComplete(answer -> {
      unanswered--;
      counted.answered(answer.cause(), sent, dueNanos, System.nanoTime());
      pace();
    });
    if (d % 100 == 0) { // the state as KubeEdge's mapper framework reports it, now and then
      counted.statesSent++;
      call(DmiMethods.MANAGER_STATES, ReportDeviceStatesRequest.newBuilder().setDeviceName(deviceName(d))
          .setDeviceNamespace("default").setState("online").build())
          .onComplete(answer -> counted.statesAnswered(answer.cause()));
    }
  }

  /** temperature (reportToCloud) changes every second: {@code SECOND.D}; humidity too, and stays on the edge. */
  private ReportDeviceStatusRequest status(int d, long second) {
    String value = second + "." + (d % 10);
    return ReportDeviceStatusRequest.newBuilder().setDeviceName(deviceName(d)).setDeviceNamespace("default")
        .setReportedDevice(DeviceStatus.newBuilder().setReportToCloud(true).setReportCycle(1000)
            .addTwins(twin("temperature", value, "float"))
            .addTwins(twin("humidity", Long.toString(40 + (second + d) % 20), "float")))
        .build();
  }

  private static Twin twin(String property, String value, String type) {
    return Twin.newBuilder().setPropertyName(property)
        .setReported(TwinProperty.newBuilder().setValue(value).putMetadata("type", type)
            .putMetadata("timestamp", Long.toString(System.currentTimeMillis())))
        .build();
  }

  /** A unary call; fails with {@link CallFailed} (the gRPC status) when not answered OK. */
  private <Req, Resp> Future<Resp> call(ServiceMethod<Resp, Req> method, Req request) {
    return client.request(socket, method)
        .compose(call -> call.send(request))
        .compose(response -> response.last().recover(failure ->
            Future.failedFuture(new CallFailed(response.status(), response.statusMessage()))));
  }

  private <T> Future<T> on(Callable<Future<T>> work) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        work.call().onComplete(result);
      } catch (Exception e) {
        result.fail(e);
      }
    });
    return result.future();
  }

  static final class CallFailed extends RuntimeException {
    final GrpcStatus status;

    CallFailed(GrpcStatus status, String message) {
      super(status + ": " + message, null, false, false);
      this.status = status;
    }
  }

  /** The calls issued in a window and how they were answered. */
  static final class Window {
    final long startNanos;
    long endNanos;
    long sent;
    long ok;
    long statesSent;
    long statesOk;
    int waitingAtEnd;
    int unansweredAtEnd;
    final Map<String, Long> failures = new TreeMap<>();
    final Latencies call = new Latencies();
    final Latencies fromDue = new Latencies();

    Window(long startNanos) {
      this.startNanos = startNanos;
    }

    void answered(Throwable failure, long sent, long due, long now) {
      if (endNanos != 0) {
        return; // answered after the window was read: not in it
      }
      if (failure == null) {
        ok++;
        call.add(now - sent);
        fromDue.add(now - due);
      } else {
        failures.merge(failure instanceof CallFailed failed ? failed.status.name() : "no answer: " + failure, 1L,
            Long::sum);
      }
    }

    void statesAnswered(Throwable failure) {
      if (endNanos != 0) {
        return;
      }
      if (failure == null) {
        statesOk++;
      } else {
        failures.merge("ReportDeviceStates " + (failure instanceof CallFailed failed ? failed.status.name()
            : "no answer: " + failure), 1L, Long::sum);
      }
    }

    void end(long now, int waiting, int unanswered) {
      endNanos = now;
      waitingAtEnd = waiting;
      unansweredAtEnd = unanswered;
    }

    double seconds() {
      return (endNanos - startNanos) / 1e9;
    }
  }
}

package io.vertedge.load.delivery;

import io.vertedge.BuildInfo;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.ConfigSources;
import io.vertedge.link.Link;
import io.vertedge.otel.Telemetry;
import io.vertedge.runtime.EdgeRuntime;
import io.vertedge.runtime.Modes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The edge side of {@link DeliveryBenchmark}: the product's edge ({@link EdgeRuntime}: store,
 * join, link, reliable sender) with a {@link DoorProducer} on its own event loop. Joins, waits
 * for the link, primes, warms up, then runs the rounds and prints for each a {@code START} line
 * before and a {@code RESULT key=value ...} line after (the cloud side reads them); other lines
 * start with {@code EDGE}. Runs in its own JVM ({@link #main}) or inside the benchmark's.
 */
public final class EdgeLoad {

  /**
   * What to run: after the warm-up, {@code rounds} rounds for each window in {@code windows}
   * ({@code accepted}, {@code acked}: {@link DoorProducer.Window}), each after warm-up runs of
   * {@code warmup} events for at least {@code warmupSeconds}; {@code jfrDir} is where to dump a profile of
   * each window's measured rounds ({@code edge-<transport>-<window>.jfr}), or null.
   */
  record Options(Path dataDir, String join, String token, String transport, List<String> windows, int messages,
                 int rounds, int warmup, int warmupSeconds, int inFlight, int payloadBytes, Path jfrDir) {

    List<String> toArgs() {
      return List.of("--data", dataDir.toString(), "--join", join, "--token", token, "--transport", transport,
          "--windows", String.join(",", windows), "--messages", Integer.toString(messages), "--rounds", Integer.toString(rounds),
          "--warmup", Integer.toString(warmup), "--warmup-seconds", Integer.toString(warmupSeconds), "--in-flight", Integer.toString(inFlight),
          "--payload", Integer.toString(payloadBytes), "--jfr", jfrDir == null ? "-" : jfrDir.toString());
    }

    static Options parse(String[] args) {
      Map<String, String> named = new java.util.HashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        named.put(args[i], args[i + 1]);
      }
      String jfr = named.getOrDefault("--jfr", "-");
      return new Options(Path.of(named.get("--data")), named.get("--join"), named.get("--token"),
          named.get("--transport"), List.of(named.get("--windows").split(",")), Integer.parseInt(named.get("--messages")), Integer.parseInt(named.get("--rounds")),
          Integer.parseInt(named.get("--warmup")), Integer.parseInt(named.get("--warmup-seconds")),
          Integer.parseInt(named.get("--in-flight")),
          Integer.parseInt(named.get("--payload")), "-".equals(jfr) ? null : Path.of(jfr));
    }
  }

  private EdgeLoad() {
  }

  public static void main(String[] args) throws Exception {
    Harness.runAndExit(() -> run(Options.parse(args), line -> {
      System.out.println(line);
      System.out.flush();
    }));
  }

  static void run(Options options, Consumer<String> out) throws Exception {
    Vertx vertx = Vertx.vertx(Modes.vertxOptions());
    Telemetry telemetry = Telemetry.create("vertedge-edge", BuildInfo.current().version(), Map.of());
    EdgeRuntime edge = null;
    try {
      long t0 = System.nanoTime();
      edge = EdgeRuntime.start(vertx, ConfigLoader.loadEdge(ConfigSources.empty()
          .withDataDir(options.dataDir())
          .withFlag("nodeName", nodeName(options.transport()))
          .withFlag("cloud", options.join())
          .withSets(List.of("api.host=127.0.0.1", "api.port=0", "mqtt.port=0", "transport=" + options.transport()))),
          telemetry, Optional.of(options.token())).await();
      Link link = EdgeLinks.await(edge, 60_000, 50);
      if (!options.transport().equals(link.transport())) {
        throw new IllegalStateException("asked for " + options.transport() + ", linked over " + link.transport());
      }
      out.accept(String.format(Locale.ROOT, "EDGE %s: joined and linked over %s in %d ms", nodeName(options.transport()),
          link.transport(), (System.nanoTime() - t0) / 1_000_000));

      EdgeRuntime running = edge;
      Context[] producerContext = new Context[1];
      DoorProducer producer = onOwnLoop(vertx, producerContext,
          () -> new DoorProducer(running.delivery().outbox(), options.payloadBytes()));
      Context context = producerContext[0];
      call(context, producer::prime).await();
      out.accept(String.format(Locale.ROOT, "EDGE events of %d B (content %d B); producer on %s; acks observed on %s",
          producer.encodedSize(), options.payloadBytes(), onThread(context), producer.ackThread()));

      int warmups = 0;
      for (String windowName : options.windows()) {
        DoorProducer.Window window = DoorProducer.Window.valueOf(windowName.toUpperCase(Locale.ROOT));
        // warm-up: JIT in both JVMs, not measured (each window exercises code of its own); runs until the C2
        // compiler has had warmupSeconds, as a short warm-up left it busy into the measured rounds
        long warmStart = System.nanoTime();
        do {
          DoorProducer.Result warm = call(context, () -> producer.run(options.warmup(), options.inFlight(), window)).await();
          warmups++;
          out.accept(String.format(Locale.ROOT, "EDGE warm-up, window %s: %d events, %.0f accepted/s, %.0f acked/s",
              windowName, options.warmup(), warm.acceptedPerSecond(), warm.ackedPerSecond()));
        } while (System.nanoTime() - warmStart < options.warmupSeconds() * 1_000_000_000L);
        Recording recording = null;
        if (options.jfrDir() != null) {
          recording = new Recording(Configuration.getConfiguration("profile"));
          recording.setName("delivery-edge");
          recording.start();
        }
        for (int round = 1; round <= options.rounds(); round++) {
          Thread.sleep(1000);
          out.accept("START " + options.transport() + " " + windowName + " " + round);
          CpuSnapshot before = CpuSnapshot.take();
          DoorProducer.Result result = call(context,
              () -> producer.run(options.messages(), options.inFlight(), window)).await();
          CpuSnapshot.Usage cpu = before.until(CpuSnapshot.take());
          out.accept(String.format(Locale.ROOT, "RESULT transport=%s window=%s round=%d messages=%d accepted_per_s=%.0f"
                  + " acked_per_s=%.0f durable_p50_ms=%.3f durable_p99_ms=%.3f durable_max_ms=%.3f"
                  + " acked_p50_ms=%.3f acked_p99_ms=%.3f acked_max_ms=%.3f edge_cores=%.2f edge_gc_ms=%d",
              options.transport(), windowName, round, result.messages(), result.acceptedPerSecond(),
              result.ackedPerSecond(), millis(result.durableNanos(), 0.50), millis(result.durableNanos(), 0.99),
              millis(result.durableNanos(), 1), millis(result.ackedNanos(), 0.50), millis(result.ackedNanos(), 0.99),
              millis(result.ackedNanos(), 1), cpu.cores(), cpu.gcMillis()));
          out.accept("EDGE round " + round + " CPU: " + cpu.describe(8));
        }
        if (recording != null) {
          Path file = options.jfrDir().resolve("edge-" + options.transport() + "-" + windowName + ".jfr");
          recording.stop();
          recording.dump(file);
          recording.close();
          out.accept("EDGE profile of the measured rounds: " + file);
        }
      }
      long total = 1 + (long) warmups * options.warmup() + (long) options.windows().size() * options.rounds() * options.messages();
      out.accept("TOTAL transport=" + options.transport() + " node=" + nodeName(options.transport())
          + " accepted=" + total + " pending=" + edge.delivery().outbox().pending());
    } finally {
      if (edge != null) {
        edge.stop().await();
      }
      vertx.close().await();
      telemetry.close();
    }
  }

  static String nodeName(String transport) {
    return "bench-" + transport;
  }

  private static double millis(long[] sorted, double quantile) {
    int index = (int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)));
    return sorted[index] / 1e6;
  }


  /** Deploys a verticle of its own (so: its own event loop) and makes {@code what} there. */
  private static <T> T onOwnLoop(Vertx vertx, Context[] where, Supplier<T> what) {
    Object[] made = new Object[1];
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        where[0] = context;
        made[0] = what.get();
        return Future.succeededFuture();
      }
    }).await();
    @SuppressWarnings("unchecked")
    T result = (T) made[0];
    return result;
  }

  private static <T> Future<T> call(Context context, Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  private static String onThread(Context context) {
    Promise<String> name = Promise.promise();
    context.runOnContext(v -> name.complete(Thread.currentThread().getName()));
    return name.future().await();
  }
}

package io.vertedge.load.delivery;

import io.vertedge.BuildInfo;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.ConfigSources;
import io.vertedge.link.Link;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.otel.Telemetry;
import io.vertedge.runtime.EdgeRuntime;
import io.vertedge.store.state.MapDbStateStore;
import io.vertedge.store.state.StateMetrics;
import io.vertedge.store.state.StateStore;
import io.vertedge.runtime.Modes;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Reconnect after a long offline period: what an edge sends when its link comes back after
 * devices reported for a long (simulated) time while the cloud was away. Coalesced state should
 * cost what the number of devices costs, whatever the time offline; events (each one kept) cost
 * what the time offline costs, by design.
 *
 * <p>The product's cloud ({@link RestartableCloud}) and, per scenario, a fresh product edge
 * ({@link EdgeRuntime}, its own data directory, node and Vert.x instance) in this JVM. Per
 * scenario: the edge joins and links; each device reports once (second -1) while linked and the
 * cloud holds it; the cloud stops (as on SIGTERM); the devices report for the scenario's
 * simulated seconds, as fast as the edge's store takes them ({@link DeviceReports}); the cloud
 * starts again on the same data and ports; then, from the edge's link counters and metrics, the
 * messages and bytes sent edge → cloud from the cloud's start to the moment the cloud holds the
 * newest report of every device (state: {@code CloudDelivery.reported(node)} holds second
 * {@code S-1} for each device; events: the cloud received every event, each once and in order
 * per device), and the times: the cloud's start, the edge's reconnect (its backoff), link up →
 * synced.
 *
 * <p>Usage: {@code ReconnectOffline [devices=1000] [seconds=3600] [--scenarios state:1000x60,...]
 * [--transport websocket] [--in-flight 1000] [--work DIR]}.
 */
public final class ReconnectOffline {

  private static final long LINK_TIMEOUT_MS = 120_000;
  private static final long SYNC_TIMEOUT_MS = 600_000;
  /** The edge's state-store map of reported state (EdgeDelivery's internal name; only read by {@link #probeIndex}). */
  private static final String REPORTED_MAP = "reported";

  /** {@code paced}: state applied to the store second by second, as in real time (see {@link DeviceReports#run}). */
  record Scenario(DeviceReports.Kind kind, boolean paced, int devices, int seconds) {

    /** {@code events:1000x60}, {@code state:1000x3600}, {@code paced:1000x600} (state, paced). */
    static Scenario parse(String spec) {
      String[] kindAndSize = spec.trim().split(":");
      String[] size = kindAndSize[1].split("x");
      boolean paced = kindAndSize[0].equalsIgnoreCase("paced");
      return new Scenario(paced ? DeviceReports.Kind.STATE : DeviceReports.Kind.valueOf(kindAndSize[0].toUpperCase(Locale.ROOT)),
          paced, Integer.parseInt(size[0]), Integer.parseInt(size[1]));
    }

    String name() {
      return paced ? "paced" : kind.name().toLowerCase(Locale.ROOT);
    }

    String node() {
      return "reconnect-" + name() + "-" + devices + "x" + seconds;
    }

    long reports() {
      return (long) devices * seconds;
    }
  }

  /** One scenario's numbers; times in milliseconds, bytes as the link counts them (frames: envelope + 4-byte length). */
  record Row(Scenario scenario, DeviceReports.Result offline, long storeBytes, String offlineCpu, double commits,
             double meanBatch, long cloudStartMs, long readyToLinkMs, long linkToSyncedMs, long syncPollMs,
             long resourcesOut, long dataOut, long controlOut, long bytesOut, long bytesIn, long cloudBytesIn,
             String syncCpu, String check, boolean ok, String probe) { }

  /** Events the cloud received from one node: in order per device, each once. */
  private static final class Received {
    private final int[] last;
    private long count;
    private long duplicates;
    private long gaps;

    Received(int devices) {
      last = new int[devices];
      Arrays.fill(last, Integer.MIN_VALUE);
    }

    synchronized void add(Envelope envelope) {
      int[] deviceAndSecond = DeviceReports.deviceAndSecond(envelope);
      int device = deviceAndSecond[0];
      int t = deviceAndSecond[1];
      count++;
      int previous = last[device];
      if (previous == Integer.MIN_VALUE ? t != -1 : t != previous + 1) {
        if (previous != Integer.MIN_VALUE && t <= previous) {
          duplicates++;
        } else {
          gaps++;
        }
      }
      last[device] = Math.max(previous, t);
    }

    synchronized long count() {
      return count;
    }

    synchronized String check(long expected, int lastSecond) {
      long behind = Arrays.stream(last).filter(t -> t != lastSecond).count();
      boolean ok = count == expected && duplicates == 0 && gaps == 0 && behind == 0;
      return (ok ? "ok" : "FAILED") + String.format(Locale.ROOT, ": %,d of %,d events, %d duplicates, %d gaps,"
          + " %d devices not at second %d", count, expected, duplicates, gaps, behind, lastSecond);
    }
  }

  private final Map<String, Received> received = new ConcurrentHashMap<>();
  private final Path work;
  private final String transport;
  private final int inFlight;
  private RestartableCloud cloud;

  private ReconnectOffline(Path work, String transport, int inFlight) {
    this.work = work;
    this.transport = transport;
    this.inFlight = inFlight;
  }

  public static void main(String[] args) throws Exception {
    Args parsed = Args.parse(args, Set.of());
    List<String> positional = parsed.positional();
    Map<String, String> named = parsed.named();
    int devices = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 1000;
    int seconds = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 3600;
    String defaults = String.format(Locale.ROOT, "events:%dx%d,events:%dx%d,state:%dx%d,state:%dx%d,state:%dx%d,paced:%dx%d",
        devices, Math.min(60, seconds), devices, Math.min(600, seconds), devices, Math.min(60, seconds),
        Math.max(1, devices / 10), seconds, devices, seconds, devices, Math.min(600, seconds));
    List<Scenario> scenarios = new ArrayList<>(new LinkedHashSet<>(Stream.of(
        named.getOrDefault("--scenarios", defaults).split(",")).filter(s -> !s.isBlank()).map(Scenario::parse).toList()));
    String transport = named.getOrDefault("--transport", "websocket");
    int inFlight = Integer.parseInt(named.getOrDefault("--in-flight", "5000"));
    Path work = named.containsKey("--work") ? Path.of(named.get("--work")) : Files.createTempDirectory("vertedge-reconnect");
    Files.createDirectories(work);

    System.out.println("reconnect after a long offline period: messages and bytes edge -> cloud until the cloud"
        + " holds every device's newest report");
    System.out.println("conditions: " + Conditions.machine(work));
    System.out.println("load before: " + Conditions.load());
    System.out.printf(Locale.ROOT, "placement: ONE JVM, the cloud and each scenario's edge on Vert.x instances of their"
        + " own; transport %s; %d report futures outstanding while offline; report content %d B (envelope %d B)%n",
        transport, inFlight, DeviceReports.report(999, 3599).getContent().size(),
        DeviceReports.report(999, 3599).getSerializedSize());
    System.out.println("scenarios: " + scenarios.stream().map(s -> s.name() + " " + s.devices() + " devices x "
        + s.seconds() + " s").toList() + "; paced = state applied to the store second by second, as in real time");
    System.out.println();

    ReconnectOffline benchmark = new ReconnectOffline(work, transport, inFlight);
    long started = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    try (RestartableCloud cloud = new RestartableCloud(work.resolve("cloud"), benchmark::upstream)) {
      benchmark.cloud = cloud;
      cloud.start();
      for (Scenario scenario : scenarios) {
        rows.add(benchmark.run(scenario));
      }
    }
    report(rows);
    System.out.println("load after: " + Conditions.load());
    System.out.printf(Locale.ROOT, "wall time %.1f s; work dir %s%n", (System.nanoTime() - started) / 1e9, work);
    System.exit(rows.stream().allMatch(Row::ok) ? 0 : 1);
  }

  private void upstream(String node, Envelope envelope) {
    Received from = received.get(node);
    if (from != null && envelope.getChannel() == Channel.DATA) {
      from.add(envelope);
    }
  }

  private Row run(Scenario scenario) throws Exception {
    String node = scenario.node();
    boolean state = scenario.kind() == DeviceReports.Kind.STATE;
    System.out.printf(Locale.ROOT, "--- %s: %,d devices x %,d simulated seconds = %,d reports (node %s)%n",
        !state ? "events (outbox().accept, each one kept)" : scenario.paced()
            ? "state (EdgeDelivery.report, coalesced per key), paced: each second applied to the store before the next"
            : "state (EdgeDelivery.report, coalesced per key)",
        scenario.devices(), scenario.seconds(), scenario.reports(), node);
    received.put(node, new Received(scenario.devices()));
    Path edgeDir = work.resolve("edge-" + node);
    Vertx vertx = Vertx.vertx(Modes.vertxOptions());
    Telemetry telemetry = Telemetry.create("vertedge-edge", BuildInfo.current().version(), Map.of());
    EdgeRuntime edge = null;
    try {
      long t0 = System.nanoTime();
      edge = EdgeRuntime.start(vertx, ConfigLoader.loadEdge(ConfigSources.empty()
              .withDataDir(edgeDir)
              .withFlag("nodeName", node)
              .withFlag("cloud", cloud.joinAddress())
              .withSets(List.of("api.host=127.0.0.1", "api.port=0", "mqtt.port=0", "transport=" + transport))),
          telemetry, Optional.of(cloud.token())).await();
      EdgeRuntime running = edge;
      Link first = EdgeLinks.await(edge, LINK_TIMEOUT_MS, 2);
      System.out.printf(Locale.ROOT, "  joined and linked over %s in %d ms%n", first.transport(), millisSince(t0));

      // second -1, while linked: the cloud holds an older value of every key before it goes away
      DeviceReports.Result online = DeviceReports.run(vertx, edge.delivery(), scenario.kind(), scenario.devices(), -1, 0,
          inFlight, System.out::println).await();
      requireAll(online, scenario.devices(), "online reports");
      long t1 = System.nanoTime();
      await("the cloud to hold second -1 of every device", SYNC_TIMEOUT_MS, 10, () -> synced(scenario, -1));
      System.out.printf(Locale.ROOT, "  online: each device reported once (second -1); the cloud held them %d ms later%n",
          millisSince(t1));

      long markBefore = state ? running.delivery().state().version(REPORTED_MAP) : 0;
      cloud.stop();
      await("the edge to see its link closed", 30_000, 5, () -> running.link().filter(Link::isOpen).isEmpty());
      System.out.println("  cloud stopped; the edge is offline");

      PromText beforeOffline = PromText.parse(telemetry.scrape());
      CpuSnapshot cpuBefore = CpuSnapshot.take();
      DeviceReports.Result offline = DeviceReports.run(vertx, edge.delivery(), scenario.kind(), scenario.devices(), 0,
          scenario.seconds(), inFlight, scenario.paced(), System.out::println).await();
      CpuSnapshot.Usage offlineCpu = cpuBefore.until(CpuSnapshot.take());
      requireAll(offline, scenario.reports(), "offline reports");
      // accepted state is durable in the state log first and applied to the state store after: an hour offline in
      // real time leaves it long applied, so the cloud comes back only once it is
      long applying = System.nanoTime();
      if (state) {
        running.delivery().stateApplied().await();
      }
      long appliedMs = millisSince(applying);
      PromText offlineDone = PromText.parse(telemetry.scrape());
      double commits = offlineDone.sum("vertedge_store_state_batch_size_count")
          - beforeOffline.sum("vertedge_store_state_batch_size_count");
      double writes = offlineDone.sum("vertedge_store_state_batch_size_sum")
          - beforeOffline.sum("vertedge_store_state_batch_size_sum");
      double commitSeconds = offlineDone.sum("vertedge_store_state_commit_duration_seconds_sum")
          - beforeOffline.sum("vertedge_store_state_commit_duration_seconds_sum");
      // state: the state store and, where the product accepts state through a log first, that log
      long storeBytes = state ? sizeOf(edgeDir.resolve("store").resolve("state")) + sizeOf(edgeDir.resolve("store")
          .resolve("state-log")) : sizeOf(edgeDir.resolve("store").resolve("outbox"));
      String storeParts = state ? String.format(Locale.ROOT, " (state %,d + state-log %,d)",
          sizeOf(edgeDir.resolve("store").resolve("state")), sizeOf(edgeDir.resolve("store").resolve("state-log"))) : "";
      System.out.printf(Locale.ROOT, "  offline: %,d reports in %.1f s = %,.0f accepted/s%s; edge store/%s %,d bytes on disk%s%n",
          offline.reports(), offline.nanos() / 1e9, offline.perSecond(),
          state ? String.format(Locale.ROOT, " (%,.0f state-store commits of %.0f writes, %.0f ms each, %.1f s in all,"
              + " applied %d ms after the last future completed)",
              commits, commits == 0 ? 0 : writes / commits, commits == 0 ? 0 : commitSeconds * 1000 / commits,
              commitSeconds, appliedMs) : "",
          state ? "state*" : "outbox", storeBytes, storeParts);
      System.out.println("  offline CPU: " + offlineCpu.describe(6));

      Files.writeString(work.resolve(node + "-edge-metrics-offline.txt"), telemetry.scrape());
      PromText before = PromText.parse(telemetry.scrape());
      CpuSnapshot syncCpuBefore = CpuSnapshot.take();
      long cloudStart = System.nanoTime();
      cloud.start();
      long cloudReady = System.nanoTime();
      Link link = EdgeLinks.await(edge, LINK_TIMEOUT_MS, 2);
      long linkUp = System.nanoTime();
      long[] lastPoll = {linkUp};
      await("the cloud to hold the newest report of every device", SYNC_TIMEOUT_MS, 5, () -> {
        lastPoll[0] = System.nanoTime();
        return synced(scenario, scenario.seconds() - 1);
      });
      long synced = System.nanoTime();
      PromText after = PromText.parse(telemetry.scrape());
      CpuSnapshot.Usage syncCpu = syncCpuBefore.until(CpuSnapshot.take());
      PromText cloudMetrics = PromText.parse(cloud.scrape());
      Files.writeString(work.resolve(node + "-edge-metrics-synced.txt"), telemetry.scrape());
      Files.writeString(work.resolve(node + "-cloud-metrics-synced.txt"), cloud.scrape());
      boolean sameLink = edge.link().orElse(null) == link;
      long linkMessages = link.messagesOut();
      long linkBytes = link.bytesOut();

      String check = check(scenario) + (sameLink ? "" : "; the link changed during the sync (counters cover both)");
      long versionAfter = state ? running.delivery().state().version(REPORTED_MAP) : 0;
      edge.stop().await();
      edge = null;
      String probe = state ? probeIndex(edgeDir.resolve("store").resolve("state"), markBefore, versionAfter) : "";
      Row row = new Row(scenario, offline, storeBytes, offlineCpu.describe(4), commits,
          commits == 0 ? 0 : writes / commits, (cloudReady - cloudStart) / 1_000_000, (linkUp - cloudReady) / 1_000_000,
          (synced - linkUp) / 1_000_000, (synced - lastPoll[0]) / 1_000_000,
          delta(before, after, "vertedge_link_messages_total", "direction", "out", "channel", "resources"),
          delta(before, after, "vertedge_link_messages_total", "direction", "out", "channel", "data"),
          delta(before, after, "vertedge_link_messages_total", "direction", "out", "channel", "control"),
          delta(before, after, "vertedge_link_bytes_total", "direction", "out"),
          delta(before, after, "vertedge_link_bytes_total", "direction", "in"),
          (long) cloudMetrics.sum("vertedge_link_bytes_total", "direction", "in"),
          syncCpu.describe(4), check, check.startsWith("ok"), probe);
      System.out.printf(Locale.ROOT, "  reconnect: cloud start -> ready %d ms, ready -> link up %d ms (the edge's"
              + " backoff), link up -> synced %d ms; link counters since it came up: %,d messages, %,d bytes out%n",
          row.cloudStartMs(), row.readyToLinkMs(), row.linkToSyncedMs(), linkMessages, linkBytes);
      System.out.printf(Locale.ROOT, "  sent edge -> cloud: %,d on RESOURCES, %,d on DATA, %,d on CONTROL; %,d bytes"
              + " (the cloud counted %,d in); %,d bytes cloud -> edge%n",
          row.resourcesOut(), row.dataOut(), row.controlOut(), row.bytesOut(), row.cloudBytesIn(), row.bytesIn());
      System.out.println("  sync CPU (edge and cloud): " + row.syncCpu());
      if (state) {
        System.out.println("  the edge's state store afterwards (edge stopped): " + probe);
      }
      System.out.println("  check: " + check);
      System.out.println();
      return row;
    } finally {
      received.remove(node);
      if (edge != null) {
        edge.stop().await();
      }
      vertx.close().await();
      telemetry.close();
    }
  }

  /** Whether the cloud holds second {@code t} of every device (and, for events, every event up to it). */
  private boolean synced(Scenario scenario, int t) {
    if (scenario.kind() == DeviceReports.Kind.EVENTS) {
      return received.get(scenario.node()).count() >= (long) scenario.devices() * (t + 2);
    }
    List<Envelope> reported = cloud.runtime().delivery().reported(scenario.node()).await();
    if (reported.size() < scenario.devices()) {
      return false;
    }
    for (Envelope envelope : reported) {
      if (DeviceReports.deviceAndSecond(envelope)[1] != t) {
        return false;
      }
    }
    return true;
  }

  /** Everything the cloud holds for the scenario's node, compared with what the devices reported last. */
  private String check(Scenario scenario) {
    int last = scenario.seconds() - 1;
    if (scenario.kind() == DeviceReports.Kind.EVENTS) {
      return received.get(scenario.node()).check((long) scenario.devices() * (scenario.seconds() + 1), last);
    }
    List<Envelope> reported = cloud.runtime().delivery().reported(scenario.node()).await();
    boolean[] seen = new boolean[scenario.devices()];
    long wrong = 0;
    for (Envelope envelope : reported) {
      int device = DeviceReports.deviceAndSecond(envelope)[0];
      Envelope expected = DeviceReports.report(device, last);
      if (device >= seen.length || seen[device] || !envelope.getContent().equals(expected.getContent())
          || envelope.getTimestamp() != expected.getTimestamp()
          || !envelope.getRoute().getResource().equals(DeviceReports.key(device))) {
        wrong++;
      } else {
        seen[device] = true;
      }
    }
    long missing = 0;
    for (boolean s : seen) {
      missing += s ? 0 : 1;
    }
    boolean ok = reported.size() == scenario.devices() && wrong == 0 && missing == 0;
    return (ok ? "ok" : "FAILED") + String.format(Locale.ROOT, ": the cloud holds %,d keys for the node; %,d devices"
        + " with second %d's content and timestamp, %d wrong, %d missing", reported.size(),
        scenario.devices() - missing, last, wrong, missing);
  }

  private static void report(List<Row> rows) {
    System.out.println("RESULT: reconnect after offline; bytes = frames edge -> cloud as the link counts them (envelope"
        + " + 4-byte length; TLS and WebSocket/QUIC framing not included), from the cloud's start to synced");
    System.out.printf(Locale.ROOT, "%-6s %7s %6s %11s %9s %11s %12s %10s %9s %8s %9s %9s %13s %10s %8s  %s%n",
        "kind", "devices", "sim s", "reports", "offline", "accepted/s", "edge store", "cloud up", "backoff",
        "synced", "RESOURCES", "DATA", "bytes out", "bytes/dev", "B/report", "check");
    for (Row row : rows) {
      Scenario s = row.scenario();
      System.out.printf(Locale.ROOT, "%-6s %7d %6d %11s %8.1fs %11s %12s %8dms %7dms %6dms %9s %9s %13s %10s %8.1f  %s%n",
          s.name(), s.devices(), s.seconds(), String.format(Locale.ROOT, "%,d", s.reports()),
          row.offline().nanos() / 1e9, String.format(Locale.ROOT, "%,.0f", row.offline().perSecond()),
          String.format(Locale.ROOT, "%,d", row.storeBytes()), row.cloudStartMs(), row.readyToLinkMs(), row.linkToSyncedMs(),
          String.format(Locale.ROOT, "%,d", row.resourcesOut()), String.format(Locale.ROOT, "%,d", row.dataOut()),
          String.format(Locale.ROOT, "%,d", row.bytesOut()),
          String.format(Locale.ROOT, "%,.0f", (double) row.bytesOut() / s.devices()),
          (double) row.bytesOut() / s.reports(), row.ok() ? "ok" : "FAILED");
    }
    System.out.println("(offline: wall time of the simulated period at the edge; accepted/s: report futures completed"
        + " per second; edge store: its state store and state log (state, paced) or outbox (events) on disk after it; cloud up: the cloud's"
        + " start until bound; backoff: cloud ready -> the edge's link up; synced: link up -> the cloud holds every"
        + " device's newest report, polled every 5-10 ms; RESOURCES, DATA: envelopes the edge sent on each channel)");
    for (String name : rows.stream().map(r -> r.scenario().name()).distinct().toList()) {
      List<Row> ofKind = rows.stream().filter(r -> r.scenario().name().equals(name)).toList();
      for (int i = 1; i < ofKind.size(); i++) {
        Row a = ofKind.get(0);
        Row b = ofKind.get(i);
        System.out.printf(Locale.ROOT, "%s: %d devices x %d s vs %d devices x %d s: %.1f x the devices, %.1f x the"
                + " time offline, %.1f x the reports -> %.2f x the bytes, %.2f x the messages%n",
            name, b.scenario().devices(), b.scenario().seconds(), a.scenario().devices(),
            a.scenario().seconds(), (double) b.scenario().devices() / a.scenario().devices(),
            (double) b.scenario().seconds() / a.scenario().seconds(),
            (double) b.scenario().reports() / a.scenario().reports(), (double) b.bytesOut() / a.bytesOut(),
            (double) (b.resourcesOut() + b.dataOut()) / Math.max(1, a.resourcesOut() + a.dataOut()));
      }
    }
    Optional<Row> events = rows.stream().filter(r -> r.scenario().kind() == DeviceReports.Kind.EVENTS)
        .max(java.util.Comparator.comparingLong(r -> r.scenario().reports()));
    for (Row row : rows) {
      Scenario s = row.scenario();
      if (s.kind() == DeviceReports.Kind.STATE && events.isPresent()) {
        double perReport = (double) events.get().bytesOut() / events.get().scenario().reports();
        System.out.printf(Locale.ROOT, "%s %dx%d sent %,d bytes; as events (%.1f B each, as measured) the same %,d"
                + " reports would be %,.0f bytes, %,.0f x as much%n", s.name(), s.devices(), s.seconds(), row.bytesOut(), perReport,
            s.reports(), perReport * s.reports(), perReport * s.reports() / row.bytesOut());
      }
    }
    for (Row row : rows) {
      Scenario s = row.scenario();
      System.out.printf(Locale.ROOT, "check %s %dx%d: %s%n", s.name(), s.devices(),
          s.seconds(), row.check());
      if (!row.probe().isEmpty()) {
        System.out.printf(Locale.ROOT, "  edge state store, %s %dx%d, afterwards: %s%n", s.name(), s.devices(), s.seconds(),
            row.probe());
      }
    }
  }

  /**
   * What the edge's sender does first on the new link, timed on the closed store: read the
   * changes above the mark the cloud resumes with ({@code mark}, what it held before going away)
   * in a batch of 1,024, and the same read from just below the newest {@code keys} versions.
   */
  private static String probeIndex(Path stateDir, long mark, long version) {
    if (mark == 0 || version == 0) {
      return "n/a (no map '" + REPORTED_MAP + "')";
    }
    try (StateStore store = MapDbStateStore.open(stateDir, StateMetrics.noop())) {
      long[] fromMark = new long[3];
      long[] fromTop = new long[3];
      int entries = 0;
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        entries = store.changedSince(REPORTED_MAP, mark, 1024).size();
        long t1 = System.nanoTime();
        store.changedSince(REPORTED_MAP, Math.max(0, version - entries), 1024);
        fromMark[i] = t1 - t0;
        fromTop[i] = System.nanoTime() - t1;
      }
      Arrays.sort(fromMark);
      Arrays.sort(fromTop);
      return String.format(Locale.ROOT, "%,d bytes; reading the %,d changes above the cloud's mark %,d (versions up to"
              + " %,d) takes %.0f ms, the same %,d entries read from version %,d takes %.0f ms (medians of 3)",
          sizeOf(stateDir), entries, mark, version, fromMark[1] / 1e6, entries, Math.max(0, version - entries),
          fromTop[1] / 1e6);
    } catch (IOException | RuntimeException e) {
      return "probe failed: " + e;
    }
  }

  private static long delta(PromText before, PromText after, String name, String... labels) {
    return Math.round(after.sum(name, labels) - before.sum(name, labels));
  }

  private static void requireAll(DeviceReports.Result result, long expected, String what) {
    if (result.failed() > 0 || result.reports() != expected) {
      throw new IllegalStateException(what + ": " + result.reports() + " of " + expected + " accepted, " + result.failed()
          + " failed; first: " + result.firstFailure());
    }
  }


  private static void await(String what, long timeoutMillis, long pollMillis, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("timed out after " + timeoutMillis + " ms waiting for " + what);
      }
      Thread.sleep(pollMillis);
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static long sizeOf(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> {
        try {
          return Files.size(file);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }
}

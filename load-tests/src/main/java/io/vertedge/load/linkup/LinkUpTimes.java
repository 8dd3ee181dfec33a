package io.vertedge.load.linkup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Link-up times per transport, with real {@code vertedge cloud} and {@code vertedge edge}
 * processes of the fat jar. For each transport and round: a fresh cloud on fixed free ports with
 * its own data directory, a token, then
 * <ol>
 *   <li><b>cold join</b>: an edge with the token, from its process start to {@code link up};</li>
 *   <li><b>warm start</b>: the same edge stopped (SIGTERM) and started again without a token (it
 *       has its certificate), from process start to {@code link up};</li>
 *   <li><b>cloud restart</b>: the cloud stopped with SIGTERM, and once it exited started again on
 *       the same ports and data directory; from the new cloud's process start to the running
 *       edge's {@code link up}, split into the cloud's own start (to its endpoints.json), the
 *       time the edge's reconnect backoff kept it waiting after that, and the dial itself.</li>
 * </ol>
 * The link-up instant is the timestamp of the edge's {@code link up} log line (cross-checked
 * with {@code GET /api/v1/node} saying {@code "connected":true}). The edge reaches the join port
 * through a small TCP relay of this program, which timestamps every connection: every attempt
 * of the edge's {@code LinkKeeper} starts with {@code GET /v1/endpoints} there, so the relay
 * sees when each dial began (one extra loopback hop for that request, well under a millisecond).
 *
 * <pre>
 * java -cp vertedge-load-tests.jar io.vertedge.load.linkup.LinkUpTimes --jar verticles/target/vertedge.jar
 *   [--transports websocket,quic[,auto]] [--rounds 5] [--work DIR] [--java-opts "..."]
 * </pre>
 */
public final class LinkUpTimes {

  static final String NODE = "bench-edge";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration LINK_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern LOG_TIME = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(?:Z|[+-]\\d\\d:\\d\\d))\\s");
  private static final Pattern LINK_UP = Pattern.compile("\\[node: " + NODE + ", transport: (\\w+),.*\\] link up$");
  /** LinkKeeper logs the first failure of each kind at WARN (repeats at DEBUG). */
  private static final Pattern CANNOT_OPEN = Pattern.compile("\\[node: " + NODE + "\\] cannot open the link");

  private final Path jar;
  private final Path work;
  private final List<String> javaOpts;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Child> children = new CopyOnWriteArrayList<>();
  private final PrintStream out = System.out;

  private LinkUpTimes(Path jar, Path work, List<String> javaOpts) {
    this.jar = jar;
    this.work = work;
    this.javaOpts = javaOpts;
  }

  /** One round's numbers, milliseconds; -1 when not measured. */
  record Round(String transport, int round, long coldUp, long coldApi, String coldTransport, long coldDial, long coldFetch,
               long warmUp, long warmApi, long warmDial, long warmFetch, String restartTransport, long restartFetch, long quicAgain,
               long cloudStop, long relinkedWhileStopping, long cloudReady, long restartUp, long readyToUp, long stuck, long backoffWait, long dial,
               int outageAttempts, boolean attemptSpannedRestart) { }

  public static void main(String[] args) throws Exception {
    Path jar = null;
    List<String> transports = List.of("websocket", "quic");
    int rounds = 5;
    Path work = null;
    List<String> javaOpts = List.of();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--jar" -> jar = Path.of(args[i + 1]);
        case "--transports" -> transports = Arrays.asList(args[i + 1].split(","));
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--work" -> work = Path.of(args[i + 1]);
        case "--java-opts" -> javaOpts = args[i + 1].isBlank() ? List.of() : Arrays.asList(args[i + 1].trim().split("\\s+"));
        default -> {
          System.err.println("usage: LinkUpTimes --jar vertedge.jar [--transports websocket,quic,auto] [--rounds 5] [--work DIR] [--java-opts \"...\"]");
          System.exit(2);
        }
      }
    }
    if (jar == null || !Files.isRegularFile(jar)) {
      System.err.println("link-up: --jar must name the fat jar (verticles/target/vertedge.jar)");
      System.exit(2);
    }
    for (String t : transports) {
      if (!List.of("websocket", "quic", "auto").contains(t)) {
        System.err.println("link-up: unknown transport " + t);
        System.exit(2);
      }
    }
    if (work == null) {
      work = Files.createTempDirectory("vertedge-linkup.");
    }
    LinkUpTimes bench = new LinkUpTimes(jar, work, javaOpts);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::killAll));
    int rc;
    try {
      rc = bench.run(transports, rounds);
    } finally {
      bench.killAll();
    }
    System.exit(rc);
  }

  private int run(List<String> transports, int rounds) throws Exception {
    long start = System.nanoTime();
    String loadAtStart = loadAverage();
    log("work dir %s; transports %s, %d rounds; load average %s", work, transports, rounds, loadAtStart);
    Map<String, List<Round>> results = new LinkedHashMap<>();
    Map<String, String> loadPerTransport = new LinkedHashMap<>();
    for (String transport : transports) {
      long[] cpu0 = cpuTicks();
      String load0 = loadAverage();
      List<Round> list = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        Round round = round(transport, r);
        list.add(round);
        log("%s round %d: cold %d ms, warm %d ms, cloud restart %d ms (cloud ready %d, backoff wait %d, dial %d; %d failed attempts%s)",
            transport, r, round.coldUp(), round.warmUp(), round.restartUp(), round.cloudReady(), round.backoffWait(),
            round.dial(), round.outageAttempts(), round.attemptSpannedRestart() ? "; an attempt spanned the restart" : "");
      }
      results.put(transport, list);
      long[] cpu1 = cpuTicks();
      double seconds = (cpu1[2] - cpu0[2]) / 1e9;
      double ours = 100.0 * (cpu1[1] - cpu0[1]) / CLK_TCK / seconds;
      double others = 100.0 * ((cpu1[0] - cpu0[0]) - (cpu1[1] - cpu0[1])) / CLK_TCK / seconds;
      loadPerTransport.put(transport, String.format(Locale.ROOT,
          "load average at its start %s; over its %.0f s this benchmark's processes used %.0f %% of one core, all other processes %.0f %%",
          load0, seconds, ours, Math.max(0, others)));
    }
    report(results, loadAtStart, loadPerTransport, loadAverage(), (System.nanoTime() - start) / 1_000_000_000);
    return 0;
  }

  private Round round(String transport, int r) throws Exception {
    Path dir = Files.createDirectories(work.resolve(transport + "-" + r));
    Path cloudData = dir.resolve("cloud");
    Path edgeData = dir.resolve("edge");
    int[] ports = freePorts();
    int api = ports[0];
    int join = ports[1];
    int websocket = ports[2];
    int relayPort = ports[3];
    int quic = ports[4];
    try (Relay relay = new Relay(relayPort, join)) {
      // cloud and token
      Child cloud = startCloud(dir, cloudData, api, join, websocket, quic, "cloud-1");
      awaitFile(cloudData.resolve("endpoints.json"), cloud, START_TIMEOUT);
      String token = token(dir, cloudData);
      List<String> edgeArgs = new ArrayList<>(List.of("edge", "--transport", transport,
          "--cloud", "127.0.0.1:" + relayPort, "--node-name", NODE, "--data-dir", edgeData.toString(),
          "--set", "api.host=127.0.0.1", "--set", "api.port=0", "--set", "mqtt.port=0", "--set", "serviceBus.port=0"));

      // (a) cold join
      List<String> cold = new ArrayList<>(edgeArgs);
      cold.addAll(List.of("--token", token));
      Child edge = start(dir, "edge-cold", cold);
      long coldUpAt = awaitLinkUp(edge, 0);
      long coldUp = coldUpAt - edge.startMillis();
      long coldDial = coldUpAt - relay.lastAcceptBefore(coldUpAt);
      long coldFetch = relay.durationOf(relay.lastAcceptBefore(coldUpAt));
      long coldApi = apiUpMillis(edge, edgeData);
      String coldTransport = edge.linkUpTransport(0);
      checkConnected(edgeData, edge);
      stop(edge, Duration.ofSeconds(15));

      // (a) warm start: the certificate on disk, no token
      edge = start(dir, "edge-warm", edgeArgs);
      long warmUpAt = awaitLinkUp(edge, edge.startMillis());
      long warmUp = warmUpAt - edge.startMillis();
      long warmDial = warmUpAt - relay.lastAcceptBefore(warmUpAt);
      long warmFetch = relay.durationOf(relay.lastAcceptBefore(warmUpAt));
      long warmApi = apiUpMillis(edge, edgeData);
      checkConnected(edgeData, edge);

      // (b) the cloud restarts under the running edge
      long sigterm = System.currentTimeMillis();
      int cloudRc = stop(cloud, Duration.ofSeconds(30));
      long exited = System.currentTimeMillis();
      long cloudStop = exited - sigterm;
      // the cloud closes its links before its listeners: an edge can link again while it stops
      long relinkedWhileStopping = edge.linkUpsBetween(sigterm, exited);
      if (cloudRc != 0) {
        throw new IllegalStateException("the cloud exited " + cloudRc + " on SIGTERM (see " + dir + ")");
      }
      Child restarted = startCloud(dir, cloudData, api, join, websocket, quic, "cloud-2");
      long ready = awaitFile(cloudData.resolve("endpoints.json"), restarted, START_TIMEOUT);
      long up = awaitLinkUp(edge, restarted.startMillis());
      checkConnected(edgeData, edge);
      // every attempt of the edge begins with GET /v1/endpoints through the relay
      List<Long> attempts = relay.acceptsBetween(sigterm, up);
      long lastStart = attempts.isEmpty() ? -1 : attempts.get(attempts.size() - 1);
      // every attempt since the SIGTERM but the one that linked (and any that linked to the stopping cloud)
      int failed = (int) Math.max(0, attempts.size() - 1 - relinkedWhileStopping);
      boolean spanned = lastStart >= 0 && lastStart < ready;
      // ready -> up = stuck (an attempt under way when the cloud got ready, that failed later)
      //             + backoff (from that failure, or from ready, to the attempt that linked) + dial (that attempt)
      long failedAt = lastStart < 0 ? -1 : edge.failureBefore(sigterm, lastStart);
      long stuck = spanned || lastStart < 0 ? 0 : Math.max(0, failedAt - ready);
      long backoffWait = lastStart < 0 ? -1 : spanned ? 0 : lastStart - Math.max(ready, failedAt);
      long dial = lastStart < 0 ? -1 : up - Math.max(lastStart, Math.min(ready, up));
      long restartFetch = lastStart < 0 ? -1 : relay.durationOf(lastStart);
      String restartTransport = edge.linkUpTransportAt(up);
      long quicAgain = -1;
      if (transport.equals("auto") && !restartTransport.equals("quic")) {
        // auto links over WebSocket when QUIC times out, then moves back to QUIC once a probe gets through
        quicAgain = awaitLinkUp(edge, up + 1, "quic", Duration.ofSeconds(30)) - restarted.startMillis();
      }
      stop(edge, Duration.ofSeconds(15));
      stop(restarted, Duration.ofSeconds(30));
      return new Round(transport, r, coldUp, coldApi, coldTransport, coldDial, coldFetch, warmUp, warmApi, warmDial, warmFetch,
          restartTransport, restartFetch, quicAgain, cloudStop, relinkedWhileStopping,
          ready - restarted.startMillis(), up - restarted.startMillis(), Math.max(0, up - ready), stuck, backoffWait, dial, failed, spanned);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private Child startCloud(Path dir, Path data, int api, int join, int websocket, int quic, String name) throws IOException {
    return start(dir, name, List.of("cloud", "--data-dir", data.toString(),
        "--set", "api.host=127.0.0.1", "--set", "api.port=" + api,
        "--set", "join.host=127.0.0.1", "--set", "join.port=" + join,
        "--set", "link.host=127.0.0.1", "--set", "link.websocketPort=" + websocket, "--set", "link.quicPort=" + quic));
  }

  private String token(Path dir, Path cloudData) throws Exception {
    Child token = start(dir, "token", List.of("cloud", "token", "--data-dir", cloudData.toString()));
    if (!token.process().waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || token.process().exitValue() != 0) {
      throw new IllegalStateException("vertedge cloud token failed (see " + dir + ")");
    }
    token.drained();
    List<String> lines = Files.readAllLines(token.stdout()).stream().filter(l -> !l.isBlank()).toList();
    if (lines.size() != 1) {
      throw new IllegalStateException("vertedge cloud token printed " + lines);
    }
    return lines.get(0).trim();
  }

  private Child start(Path dir, String name, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOpts);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(key -> key.startsWith("VERTEDGE_"));
    Path stdout = dir.resolve(name + ".out");
    Path stderr = dir.resolve(name + ".log");
    builder.redirectOutput(stdout.toFile());
    long startMillis = System.currentTimeMillis();
    Process process = builder.start();
    Child child = new Child(name, process, startMillis, stdout, stderr);
    children.add(child);
    child.pump();
    return child;
  }

  /** SIGTERM, then the exit code; SIGKILL and an exception after {@code timeout}. */
  private int stop(Child child, Duration timeout) throws InterruptedException {
    child.process().destroy();
    if (!child.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      child.process().destroyForcibly();
      throw new IllegalStateException(child.name() + " did not exit within " + timeout.toSeconds() + " s of SIGTERM");
    }
    children.remove(child);
    child.drained();
    return child.process().exitValue();
  }

  private void killAll() {
    for (Child child : children) {
      if (child.process().isAlive()) {
        child.process().destroy();
      }
    }
    for (Child child : children) {
      try {
        if (!child.process().waitFor(5, TimeUnit.SECONDS)) {
          child.process().destroyForcibly();
        }
      } catch (InterruptedException e) {
        child.process().destroyForcibly();
      }
    }
    children.clear();
  }

  /** When {@code file} appeared (polled every 5 ms), epoch millis. */
  private static long awaitFile(Path file, Child owner, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isRegularFile(file)) {
        try {
          if (Files.size(file) > 0) {
            return System.currentTimeMillis();
          }
        } catch (IOException racing) {
          // being written
        }
      }
      if (!owner.process().isAlive()) {
        throw new IllegalStateException(owner.name() + " exited " + owner.process().exitValue() + " before writing " + file
            + ":\n" + owner.tail());
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("no " + file + " within " + timeout.toSeconds() + " s:\n" + owner.tail());
  }

  /** The timestamp (epoch millis, from the log line) of the edge's first {@code link up} at or after {@code notBefore}. */
  private static long awaitLinkUp(Child edge, long notBefore) throws InterruptedException {
    return awaitLinkUp(edge, notBefore, null, LINK_TIMEOUT);
  }

  /** The same over {@code transport} (any if null). */
  private static long awaitLinkUp(Child edge, long notBefore, String transport, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Long at = edge.linkUpAt(notBefore, transport);
      if (at != null) {
        return at;
      }
      if (!edge.process().isAlive()) {
        throw new IllegalStateException(edge.name() + " exited " + edge.process().exitValue() + ":\n" + edge.tail());
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("no link up" + (transport == null ? "" : " over " + transport) + " within "
        + timeout.toSeconds() + " s:\n" + edge.tail());
  }

  /** From the edge's process start to its endpoints.json (JVM start, config, API bound). */
  private static long apiUpMillis(Child edge, Path edgeData) {
    try {
      return Files.getLastModifiedTime(edgeData.resolve("endpoints.json")).toMillis() - edge.startMillis();
    } catch (IOException e) {
      return -1;
    }
  }

  /** GET /api/v1/node on the edge must say connected (within 5 s of the log line). */
  private void checkConnected(Path edgeData, Child edge) throws Exception {
    String endpoints = Files.readString(edgeData.resolve("endpoints.json"));
    Matcher m = Pattern.compile("\"api\"\\s*:\\s*\"([^\"]+)\"").matcher(endpoints);
    if (!m.find()) {
      throw new IllegalStateException("no api in the edge's endpoints.json: " + endpoints);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(m.group(1) + "/api/v1/node")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    String body = "";
    while (System.nanoTime() < deadline) {
      body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
      if (body.replace(" ", "").contains("\"connected\":true")) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(edge.name() + " logged link up but GET /api/v1/node says " + body);
  }

  /** api, join, websocket, relay (TCP) and quic (UDP): held at once so they differ. */
  private static int[] freePorts() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (ServerSocket a = new ServerSocket(0, 1, loopback); ServerSocket b = new ServerSocket(0, 1, loopback);
         ServerSocket c = new ServerSocket(0, 1, loopback); ServerSocket d = new ServerSocket(0, 1, loopback);
         DatagramSocket e = new DatagramSocket(0, loopback)) {
      return new int[] {a.getLocalPort(), b.getLocalPort(), c.getLocalPort(), d.getLocalPort(), e.getLocalPort()};
    }
  }

  private static final long CLK_TCK = Long.getLong("clk.tck", 100);

  /**
   * {machine busy ticks, this JVM's and its reaped children's ticks, nanoTime}: Process reaps the
   * cloud and edge processes, so their CPU is in our cutime/cstime once they exited.
   */
  private static long[] cpuTicks() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]) + Long.parseLong(cpu[6])
          + Long.parseLong(cpu[7]) + Long.parseLong(cpu[8]);
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      long self = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return new long[] {busy, self, System.nanoTime()};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0, System.nanoTime()};
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  // --- report ----------------------------------------------------------------------------------

  private void report(Map<String, List<Round>> results, String loadAtStart, Map<String, String> loadPerTransport,
                      String loadAtEnd, long seconds) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Link-up times, %s; %d cores, %s %s (%s), %s; load average (1, 5, 15 min) at start %s, at end %s; %d s in all%n%n",
        LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        javaOpts.isEmpty() ? "product JVM defaults" : "JVM options " + String.join(" ", javaOpts),
        loadAtStart, loadAtEnd, seconds));
    md.append("Medians (max) over rounds, milliseconds.\n\n");
    md.append("| transport | rounds | cold join: edge start → link up | warm start: edge start → link up | of which start → API up | of which the dial | (its GET /v1/endpoints) | cloud restart: cloud start → edge link up | cloud start → ready | ready → link up | of which in a failing attempt | backoff wait | the dial that linked | failed attempts during the outage |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Map.Entry<String, List<Round>> e : results.entrySet()) {
      List<Round> rs = e.getValue();
      String transport = e.getKey();
      String linked = rs.stream().map(Round::coldTransport).distinct().reduce((a, b) -> a + "/" + b).orElse("?");
      md.append(String.format(Locale.ROOT, "| %s%s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          transport, transport.equals(linked) ? "" : " (linked over " + linked + ")", rs.size(),
          stat(rs, Round::coldUp), stat(rs, Round::warmUp), stat(rs, Round::warmApi), stat(rs, Round::warmDial),
          stat(rs, Round::warmFetch),
          stat(rs, Round::restartUp),
          stat(rs, Round::cloudReady), stat(rs, Round::readyToUp), stat(rs, Round::stuck), stat(rs, Round::backoffWait), stat(rs, Round::dial),
          stat(rs, x -> x.outageAttempts())));
    }
    for (Map.Entry<String, List<Round>> e : results.entrySet()) {
      if (e.getValue().stream().anyMatch(r -> r.quicAgain() >= 0)) {
        md.append(String.format(Locale.ROOT, "%n%s after the cloud restart: relinked over %s first, back on QUIC %s ms after the cloud's start.%n",
            e.getKey(), e.getValue().stream().map(Round::restartTransport).distinct().reduce((x, y) -> x + "/" + y).orElse("?"),
            stat(e.getValue(), Round::quicAgain)));
      }
    }
    md.append("\nA dial: from the start of the attempt that linked (its GET /v1/endpoints at the relay) to link up; when that\n"
        + "attempt began before the restarted cloud was ready, only its part after ready. Ready: the cloud's endpoints.json,\n"
        + "written once every listener is bound (a link can come up a little before it: then ready → link up is 0). Ready → link up = time in an attempt\n"
        + "that was under way when the cloud got ready and failed after all + backoff wait (from that failure, or from ready,\n"
        + "to the attempt that linked) + the dial.\n");
    md.append("\nPer round (cold (dial, its GET /v1/endpoints) / warm (start → API, dial, GET) / cloud restart → up (cloud start → ready;"
        + " in a failing attempt after ready; backoff wait; the dial (its GET)), the transport it relinked over; cloud SIGTERM → exit):\n\n```\n");
    for (Map.Entry<String, List<Round>> e : results.entrySet()) {
      md.append(e.getKey()).append(" (").append(loadPerTransport.get(e.getKey())).append(")\n");
      for (Round r : e.getValue()) {
        md.append(String.format(Locale.ROOT, "  round %d: cold %5d (%4d, %3d)  warm %5d (%4d, %4d, %3d)  restart %5d (%5d; %5d; %5d; %5d (%3d)) %s%s  (failed attempts %d%s; cloud stop %d ms%s)%n",
            r.round(), r.coldUp(), r.coldDial(), r.coldFetch(), r.warmUp(), r.warmApi(), r.warmDial(), r.warmFetch(), r.restartUp(), r.cloudReady(), r.stuck(), r.backoffWait(), r.dial(), r.restartFetch(), r.restartTransport(),
            r.quicAgain() >= 0 ? ", QUIC again at " + r.quicAgain() : "", r.outageAttempts(),
            r.attemptSpannedRestart() ? ", the last attempt began before the cloud was ready" : "", r.cloudStop(),
            r.relinkedWhileStopping() > 0 ? ", the edge linked " + r.relinkedWhileStopping() + "x to the stopping cloud" : ""));
      }
    }
    md.append("```\n");
    Files.writeString(work.resolve("results.md"), md);
    out.println();
    out.print(md);
    out.println();
    log("results in %s", work.resolve("results.md"));
  }

  private static String stat(List<Round> rounds, java.util.function.ToLongFunction<Round> f) {
    long[] v = rounds.stream().mapToLong(f).filter(x -> x >= 0).sorted().toArray();
    if (v.length == 0) {
      return "–";
    }
    double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    return String.format(Locale.ROOT, "%.0f (%d)", median, v[v.length - 1]);
  }

  private void log(String format, Object... args) {
    out.printf(Locale.ROOT, "%tT link-up: %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, args));
    out.flush();
  }

  // --- children --------------------------------------------------------------------------------

  /** A child process whose stderr (the log) is copied to a file and scanned for link up/down lines. */
  static final class Child {
    private final String name;
    private final Process process;
    private final long startMillis;
    private final Path stdout;
    private final Path stderr;
    private final List<Long> linkUps = new CopyOnWriteArrayList<>();
    private final List<String> linkUpTransports = new CopyOnWriteArrayList<>();
    private final List<String> lastLines = new CopyOnWriteArrayList<>();
    private final List<Long> failures = new CopyOnWriteArrayList<>();
    private Thread pump;

    Child(String name, Process process, long startMillis, Path stdout, Path stderr) {
      this.name = name;
      this.process = process;
      this.startMillis = startMillis;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    String name() { return name; }
    Process process() { return process; }
    long startMillis() { return startMillis; }
    Path stdout() { return stdout; }

    void pump() {
      pump = new Thread(() -> {
        try (InputStream in = process.getErrorStream();
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
             OutputStream file = Files.newOutputStream(stderr)) {
          String line;
          while ((line = reader.readLine()) != null) {
            file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            file.flush();
            if (lastLines.size() > 30) {
              lastLines.remove(0);
            }
            lastLines.add(line);
            if (CANNOT_OPEN.matcher(line).find()) {
              failures.add(timestamp(line));
            }
            Matcher up = LINK_UP.matcher(line);
            if (up.find()) {
              linkUpTransports.add(up.group(1));
              linkUps.add(timestamp(line));
            }
          }
        } catch (IOException e) {
          // the process ended
        }
      }, "log-" + name);
      pump.setDaemon(true);
      pump.start();
    }

    void drained() throws InterruptedException {
      pump.join(5_000);
    }

    int linkUps() { return linkUps.size(); }

    /** The last failed attempt logged (WARN) in [from, to], -1 if none. */
    long failureBefore(long from, long to) {
      return failures.stream().filter(t -> t >= from && t <= to).max(Long::compare).orElse(-1L);
    }

    String linkUpTransportAt(long at) {
      int i = linkUps.indexOf(at);
      return i >= 0 && i < linkUpTransports.size() ? linkUpTransports.get(i) : "?";
    }

    Long linkUpAt(long notBefore, String transport) {
      for (int i = 0; i < linkUps.size(); i++) {
        if (linkUps.get(i) >= notBefore && (transport == null || transport.equals(linkUpTransports.get(i)))) {
          return linkUps.get(i);
        }
      }
      return null;
    }

    long linkUpsBetween(long from, long to) { return linkUps.stream().filter(t -> t >= from && t <= to).count(); }

    String linkUpTransport(int index) { return linkUpTransports.size() > index ? linkUpTransports.get(index) : "?"; }

    String tail() { return String.join("\n", lastLines); }

    private long timestamp(String line) {
      Matcher m = LOG_TIME.matcher(line);
      return m.find() ? OffsetDateTime.parse(m.group(1)).toInstant().toEpochMilli() : System.currentTimeMillis();
    }
  }

  /**
   * A loopback TCP relay in front of the cloud's join port that notes when each connection
   * arrives (the start of an edge's dial attempt). While the cloud is down it resets the
   * connection at once, as a closed port would refuse it.
   */
  static final class Relay implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final List<Long> accepts = new CopyOnWriteArrayList<>();
    /** accept millis -> when that connection ended (both directions closed). */
    private final Map<Long, Long> ends = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread acceptor;

    Relay(int port, int target) throws IOException {
      this.server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
      this.target = target;
      this.acceptor = new Thread(this::acceptLoop, "relay-" + port);
      acceptor.setDaemon(true);
      acceptor.start();
    }

    /** The start of the attempt that linked: the last connection before {@code at}. */
    long lastAcceptBefore(long at) {
      return accepts.stream().filter(t -> t <= at).max(Long::compare).orElse(at);
    }

    /** How long the connection accepted at {@code accept} lasted (the edge's GET /v1/endpoints), -1 if unknown. */
    long durationOf(long accept) {
      Long end = ends.get(accept);
      return end == null ? -1 : end - accept;
    }

    List<Long> acceptsBetween(long from, long to) {
      return accepts.stream().filter(t -> t >= from && t <= to).sorted().toList();
    }

    private void acceptLoop() {
      while (!server.isClosed()) {
        Socket client;
        try {
          client = server.accept();
        } catch (IOException closed) {
          return;
        }
        long acceptedAt = System.currentTimeMillis();
        accepts.add(acceptedAt);
        Socket upstream = new Socket();
        try {
          client.setTcpNoDelay(true);
          upstream.setTcpNoDelay(true);
          upstream.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), target), 2_000);
        } catch (IOException refused) {
          try {
            client.setSoLinger(true, 0);
            client.close();
            upstream.close();
          } catch (IOException ignored) {
            // gone
          }
          continue;
        }
        java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
        Runnable done = () -> ends.putIfAbsent(acceptedAt, System.currentTimeMillis());
        copy(client, upstream, ended, done);
        copy(upstream, client, ended, done);
      }
    }

    /** One direction; the second direction to end closes both sockets, an error closes them at once. */
    private static void copy(Socket from, Socket to, java.util.concurrent.atomic.AtomicInteger ended, Runnable done) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[16 * 1024];
        boolean clean = false;
        try {
          InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream();
          int n;
          while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
          }
          to.shutdownOutput();
          clean = true;
        } catch (IOException e) {
          // either side closed or reset
        } finally {
          if (!clean || ended.incrementAndGet() == 2) {
            done.run();
            closeQuietly(from);
            closeQuietly(to);
          }
        }
      }, "relay-copy");
      t.setDaemon(true);
      t.start();
    }

    private static void closeQuietly(Socket socket) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // gone
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  static {
    // no UncheckedIOException leaks from pumps into the report
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
      if (!(e instanceof UncheckedIOException)) {
        e.printStackTrace();
      }
    });
  }
}

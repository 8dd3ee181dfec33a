package io.vertedge.load.idle;

import io.vertedge.link.Link;
import io.vertedge.link.LinkSettings;
import io.vertedge.link.quic.QuicSettings;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.core.json.JsonObject;
import sun.misc.Signal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Idle-links load: N simulated edges, each with its own node certificate, connect to one
 * {@code vertedge cloud} over the WebSocket or the QUIC link at a bounded rate, then stay
 * connected doing nothing but heartbeats (the edge pings every {@code --heartbeat}, the cloud
 * answers).
 *
 * <pre>
 * java -cp vertedge.jar:vertedge-load-tests.jar io.vertedge.load.idle.IdleEdgeSimulator \
 *   --cloud-data DIR --links 10000 --rate 400/s --heartbeat 15s [--transport websocket|quic]
 *   [--hold 10m] [--max-inflight 128] [--endpoint wss://127.0.0.1:P/v1/link | 127.0.0.1:P]
 *   [--prefix sim] [--progress 5s] [--lifetime 1h] [--event-loops 2xCPUs]
 *   [--quic-sockets = event loops] [--quic-idle-timeout 4 x heartbeat]
 * </pre>
 *
 * Runs in its own JVM (10,000 WebSocket links need about 10,000 descriptors on each side, and
 * this machine allows 20,000 per process; QUIC needs one UDP socket per {@code --quic-sockets}). Prints progress lines, one {@code ALL_CONNECTED} line
 * when every link is up and a {@code SUMMARY} line at the end. Stops after {@code --hold}
 * once all links are up (0 = until SIGTERM/SIGINT), or after {@code --lifetime} in any case,
 * closes its links and exits 0.
 */
public final class IdleEdgeSimulator {

  private final Options options;
  private final String[] names;
  private final AtomicReferenceArray<Link> links;
  private final Map<Integer, Context> contexts = new ConcurrentHashMap<>();
  private final int[] attemptsOf;
  private final ConcurrentLinkedQueue<Integer> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger maxConnected = new AtomicInteger();
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong drops = new AtomicLong();
  private final Map<String, AtomicInteger> failureReasons = new ConcurrentHashMap<>();
  private final Semaphore inflight;
  private volatile boolean stopping;
  private volatile Thread mainThread;
  private Vertx vertx;
  private SimDialer dialer;
  private SimCertificates certificates;
  private Context[] eventLoops;

  record Options(Path cloudData, String endpoint, int links, double rate, Duration heartbeat, int misses,
                 Duration hold, int maxInflight, String prefix, Duration progress, Duration lifetime, int eventLoops,
                 String transport, int quicSockets, Duration quicIdleTimeout) {
    boolean quic() {
      return "quic".equals(transport);
    }
  }

  private IdleEdgeSimulator(Options options) {
    this.options = options;
    this.names = new String[options.links()];
    for (int i = 0; i < names.length; i++) {
      names[i] = String.format(Locale.ROOT, "%s-%05d", options.prefix(), i + 1);
    }
    this.links = new AtomicReferenceArray<>(options.links());
    this.attemptsOf = new int[options.links()];
    this.inflight = new Semaphore(options.maxInflight());
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("idle-simulator: " + e.getMessage());
      System.err.println("usage: IdleEdgeSimulator --cloud-data DIR --links N --rate R/s --heartbeat 15s [--transport websocket|quic]"
          + " [--hold 0|10m] [--max-inflight 128] [--endpoint wss://...|host:port] [--prefix sim] [--progress 5s] [--lifetime 1h]"
          + " [--event-loops K] [--quic-sockets K] [--quic-idle-timeout 60s]");
      System.exit(2);
      return;
    }
    long openFiles = openFileLimit();
    if (!options.quic() && openFiles > 0 && openFiles < options.links() + 256L) {
      System.err.println("idle-simulator: open-file limit " + openFiles + " is below links + 256 = "
          + (options.links() + 256) + "; raise `ulimit -n`");
      System.exit(2);
    }
    System.exit(new IdleEdgeSimulator(options).run());
  }

  private int run() throws Exception {
    mainThread = Thread.currentThread();
    Signal.handle(new Signal("TERM"), signal -> stop("SIGTERM"));
    Signal.handle(new Signal("INT"), signal -> stop("SIGINT"));
    long t0 = System.nanoTime();
    String endpoint = options.endpoint() != null ? options.endpoint() : readEndpoint(options.cloudData(), options.transport());
    SimCertificates certs = SimCertificates.mint(options.cloudData(), names, Duration.ofDays(2));
    certificates = certs;
    log("minted %d node certificates (one shared P-256 key) in %d ms; dialing %s over %s at %.0f/s, at most %d in flight, heartbeat %s",
        names.length, millisSince(t0), endpoint, options.transport(), options.rate(), options.maxInflight(), options.heartbeat());

    LinkSettings settings = LinkSettings.defaults("idle-sim").withHeartbeat(options.heartbeat(), options.misses());
    SimKeyManager keys = new SimKeyManager(names, certs);
    if (options.quic()) {
      // The peer host that names the node goes straight into each connection's TLS engine.
      vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.eventLoops()));
      QuicSettings quic = QuicSettings.defaults().withIdleTimeout(options.quicIdleTimeout());
      dialer = new SimQuicDialer(vertx, endpoint, certs, keys, settings, quic,
          Math.min(options.quicSockets(), options.eventLoops()));
      log("QUIC: %d UDP sockets (one per event loop used), idle timeout %s",
          Math.min(options.quicSockets(), options.eventLoops()), options.quicIdleTimeout());
    } else {
      // Each node dials "<node>.sim.invalid" (the TLS peer host SimKeyManager picks the node's
      // certificate by); an in-memory hosts file points all of them at the cloud's address.
      // (WebSocketConnectOptions.setServer is ignored by the Vert.x 5.0.7 WebSocket client.)
      String cloudHost = java.net.URI.create(endpoint).getHost();
      StringBuilder hosts = new StringBuilder(names.length * 32);
      for (String name : names) {
        hosts.append(cloudHost).append(' ').append(SimKeyManager.peerHost(name)).append('\n');
      }
      vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.eventLoops())
          .setAddressResolverOptions(new AddressResolverOptions().setHostsValue(Buffer.buffer(hosts.toString()))));
      dialer = new SimLinkDialer(vertx, endpoint, certs.caPem(), keys, settings, options.links());
    }
    // One context per event loop: links are dialed on them in turn. (A non-Vert.x thread sticks
    // to one context in Vert.x 5, so dialing from main would put every link on one loop.)
    List<Context> loops = java.util.Collections.synchronizedList(new ArrayList<>());
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        loops.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(options.eventLoops())).toCompletionStage().toCompletableFuture().get();
    eventLoops = loops.toArray(new Context[0]);
    for (int i = 0; i < names.length; i++) {
      pending.add(i);
    }

    long start = System.nanoTime();
    long lifetimeEnd = start + options.lifetime().toNanos();
    long interval = (long) (1e9 / options.rate());
    long next = start;
    long nextProgress = start + options.progress().toNanos();
    long allConnectedAt = 0;
    while (!stopping) {
      long now = System.nanoTime();
      if (now >= nextProgress) {
        progress(start);
        nextProgress = now + options.progress().toNanos();
      }
      if (allConnectedAt == 0 && connected.get() == names.length) {
        allConnectedAt = now;
        log("ALL_CONNECTED links=%d connect_ms=%d attempts=%d failures=%d", names.length,
            (allConnectedAt - start) / 1_000_000, attempts.get(), failures.get());
      }
      if (allConnectedAt != 0 && !options.hold().isZero() && now - allConnectedAt >= options.hold().toNanos()) {
        stop("hold of " + options.hold() + " over");
        break;
      }
      if (now >= lifetimeEnd) {
        stop("lifetime of " + options.lifetime() + " over");
        break;
      }
      Integer index = pending.poll();
      if (index == null) {
        LockSupport.parkNanos(20_000_000);
        continue;
      }
      if (next > now) {
        LockSupport.parkNanos(next - now);
      }
      next = Math.max(next + interval, System.nanoTime() - 1_000_000_000L);
      while (!stopping && !inflight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        // bounded in-flight handshakes
      }
      if (stopping) {
        break;
      }
      dial(index);
    }
    return shutdown(start);
  }

  /** Called on the main thread: the link is dialed on the next event loop, round robin. */
  private void dial(int index) {
    attempts.incrementAndGet();
    attemptsOf[index]++;
    int loopIndex = (int) (attempts.get() % eventLoops.length);
    Context loop = eventLoops[loopIndex];
    loop.runOnContext(v -> dialer.connect(names[index], loopIndex).onComplete(ar -> {
      inflight.release();
      if (ar.succeeded()) {
        Link link = ar.result();
        if (stopping) {
          link.close("simulator stopping");
          return;
        }
        attemptsOf[index] = 0;
        links.set(index, link);
        contexts.put(index, Vertx.currentContext());
        maxConnected.accumulateAndGet(connected.incrementAndGet(), Math::max);
        link.closeHandler(closed -> {
          links.compareAndSet(index, link, null);
          connected.decrementAndGet();
          if (!stopping) {
            drops.incrementAndGet();
            count("dropped: " + closed.reason());
            retryLater(index);
          }
        });
      } else {
        failures.incrementAndGet();
        count(ar.cause().getClass().getSimpleName() + ": " + ar.cause().getMessage());
        if (!stopping) {
          retryLater(index);
        }
      }
    }));
  }

  private void retryLater(int index) {
    int attempt = Math.max(1, attemptsOf[index]);
    long delay = Math.min(30_000L, 500L << Math.min(6, attempt - 1));
    delay += ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    vertx.setTimer(delay, id -> pending.add(index));
  }

  private void count(String reason) {
    String key = reason.length() > 160 ? reason.substring(0, 160) : reason;
    if (failureReasons.size() < 50 || failureReasons.containsKey(key)) {
      failureReasons.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  private void stop(String why) {
    if (!stopping) {
      stopping = true;
      log("stopping: %s", why);
      Thread main = mainThread;
      if (main != null) {
        LockSupport.unpark(main);
      }
    }
  }

  private int shutdown(long start) throws Exception {
    progress(start);
    List<Future<Void>> closing = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      Link link = links.get(i);
      Context context = contexts.get(i);
      if (link != null && context != null) {
        closing.add(Future.<Void>future(p -> context.runOnContext(v -> link.close("simulator stopping").onComplete(p))));
      }
    }
    long t = System.nanoTime();
    try {
      Future.join(closing).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      log("not every link closed within 15 s: %s", e);
    }
    log("closed %d links in %d ms", closing.size(), millisSince(t));
    try {
      dialer.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log("vert.x did not close within 10 s: %s", e);
    }
    log("SUMMARY links=%d max_connected=%d attempts=%d failures=%d drops=%d", names.length, maxConnected.get(),
        attempts.get(), failures.get(), drops.get());
    failureReasons.forEach((reason, n) -> log("  %6d x %s", n.get(), reason));
    return 0;
  }

  private void progress(long start) {
    log("t=%.1fs connected=%d/%d inflight=%d attempts=%d failures=%d drops=%d",
        (System.nanoTime() - start) / 1e9, connected.get(), names.length,
        options.maxInflight() - inflight.availablePermits(), attempts.get(), failures.get(), drops.get());
  }

  /** The cloud's {@code websocket} URL or {@code quic} host:port from its endpoints.json. */
  private static String readEndpoint(Path cloudData, String transport) throws Exception {
    Path file = cloudData.resolve("endpoints.json");
    String endpoint = new JsonObject(Files.readString(file)).getString(transport);
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalStateException(file + " names no " + transport + " endpoint");
    }
    return endpoint;
  }

  private static long openFileLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          return Long.parseLong(line.substring(26).trim().split("\\s+")[0]);
        }
      }
    } catch (Exception e) {
      // not Linux: no check
    }
    return -1;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "%tT idle-sim: %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  static Options parse(String[] args) {
    Path cloudData = null;
    String endpoint = null;
    int links = 1000;
    double rate = 200;
    Duration heartbeat = Duration.ofSeconds(15);
    int misses = 3;
    Duration hold = Duration.ZERO;
    int maxInflight = 128;
    String prefix = "sim";
    Duration progress = Duration.ofSeconds(5);
    Duration lifetime = Duration.ofHours(1);
    int eventLoops = 2 * Runtime.getRuntime().availableProcessors();
    String transport = "websocket";
    int quicSockets = Integer.MAX_VALUE;
    Duration quicIdleTimeout = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--cloud-data" -> cloudData = Path.of(value);
        case "--endpoint" -> endpoint = value;
        case "--links" -> links = positive(flag, Integer.parseInt(value));
        case "--rate" -> rate = positive(flag, Double.parseDouble(value.endsWith("/s") ? value.substring(0, value.length() - 2) : value));
        case "--heartbeat" -> heartbeat = duration(flag, value);
        case "--misses" -> misses = positive(flag, Integer.parseInt(value));
        case "--hold" -> hold = duration(flag, value);
        case "--max-inflight" -> maxInflight = positive(flag, Integer.parseInt(value));
        case "--prefix" -> prefix = value;
        case "--progress" -> progress = duration(flag, value);
        case "--lifetime" -> lifetime = duration(flag, value);
        case "--event-loops" -> eventLoops = positive(flag, Integer.parseInt(value));
        case "--transport" -> {
          if (!value.equals("websocket") && !value.equals("quic")) {
            throw new IllegalArgumentException("--transport must be websocket or quic");
          }
          transport = value;
        }
        case "--quic-sockets" -> quicSockets = positive(flag, Integer.parseInt(value));
        case "--quic-idle-timeout" -> quicIdleTimeout = duration(flag, value);
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (cloudData == null) {
      throw new IllegalArgumentException("--cloud-data is required");
    }
    if (progress.isZero()) {
      progress = Duration.ofDays(1);
    }
    if (quicIdleTimeout == null) {
      // QUIC must not close what the heartbeats keep alive (the cloud's config rule); what the
      // two sides announce, the smaller counts
      quicIdleTimeout = heartbeat.multipliedBy(Math.max(4, misses + 1));
    }
    if (quicIdleTimeout.compareTo(heartbeat.multipliedBy(misses)) <= 0) {
      throw new IllegalArgumentException("--quic-idle-timeout must be longer than heartbeat x misses");
    }
    return new Options(cloudData, endpoint, links, rate, heartbeat, misses, hold, maxInflight, prefix, progress, lifetime,
        eventLoops, transport, quicSockets, quicIdleTimeout);
  }

  private static <N extends Number> N positive(String flag, N value) {
    if (value.doubleValue() <= 0) {
      throw new IllegalArgumentException(flag + " must be positive");
    }
    return value;
  }

  /** 500ms, 15s, 2m, 1h, or 0. */
  static Duration duration(String flag, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.equals("0")) return Duration.ZERO;
      if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      if (t.endsWith("s")) return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      if (t.endsWith("m")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
      if (t.endsWith("h")) return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException(flag + ": \"" + text + "\" is not a duration (e.g. 15s, 500ms, 2m)");
  }
}

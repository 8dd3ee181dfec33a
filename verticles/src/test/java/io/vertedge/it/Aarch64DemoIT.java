package io.vertedge.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fat jar on an aarch64 JVM, emulated by qemu-user: {@code vertedge demo} comes up, its edge
 * connects to its cloud with the aarch64 natives of the jar (netty-tcnative's BoringSSL), and
 * SIGTERM stops it cleanly. The JVM is Debian's arm64 JRE that {@code scripts/install-arm64-jvm}
 * unpacks into {@code $AARCH64_JVM_ROOT} (default
 * {@code ${XDG_CACHE_HOME:-~/.cache}/vertedge/arm64-root}); without either the test is skipped.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class Aarch64DemoIT extends LauncherTestBase {

  /** The transport the demo's edge links over. */
  private static final String EXPECTED_TRANSPORT = "quic";

  /**
   * Emulated, the demo prints its node line about 17 s after start on two shared cores (2 s
   * natively); generous, for a busy CI machine.
   */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private static final String ROOT_ENV = "AARCH64_JVM_ROOT";
  private static final String QEMU = "qemu-aarch64-static";
  private static final String ARM64_JAVA = "usr/lib/jvm/java-17-openjdk-arm64/bin/java";

  /** The demo's line about its node: {@code "  node demo-edge: " + status}. */
  private static final Pattern NODE_LINE = Pattern.compile(" {2}node demo-edge: (.*)");
  private static final Pattern CONNECTED = Pattern.compile("connected over (\\S+) \\(mutual TLS\\) to (\\S+)");

  @Test
  void demoRunsOnAarch64AndItsEdgeConnects() {
    // GIVEN an aarch64 JVM under qemu-user, made to print its system properties (os.arch) first
    Path root = arm64Root();
    List<String> java = List.of(qemu().toString(), "-L", root.toString(), root.resolve(ARM64_JAVA).toString(),
        "-XshowSettings:properties");

    // WHEN the fat jar runs the demo on it, every port picked by the OS
    long started = System.nanoTime();
    VertedgeProcess demo = launcher.start("demo-aarch64", java, List.of("demo", "--data-dir", tmp.resolve("demo").toString(),
        "--set", "api.port=0", "--set", "mqtt.port=0", "--set", "join.port=0", "--set", "link.websocketPort=0", "--set", "link.quicPort=0"));
    String status = demo.awaitStdoutLine(NODE_LINE, CONNECT_TIMEOUT).group(1);
    System.out.printf("Aarch64DemoIT: the demo under qemu printed its node line after %d ms%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis());

    // THEN its edge is connected over the expected transport, with mutual TLS
    Matcher connected = CONNECTED.matcher(status);
    assertTrue(connected.matches(), () -> "node line: " + status + "\nstderr:\n" + demo.stderr());
    String transport = connected.group(1);
    assertEquals(EXPECTED_TRANSPORT, transport, status);

    // AND that JVM really is aarch64, and the TLS engine is BoringSSL: netty-tcnative's aarch64 library loaded
    assertTrue(demo.stderr().lines().anyMatch(line -> line.strip().equals("os.arch = aarch64")),
        () -> "os.arch is not aarch64:\n" + demo.stderr());
    assertTrue(demo.stderr().contains("TLS engine: OpenSSL (BoringSSL via netty-tcnative)"),
        () -> "netty-tcnative did not load on aarch64:\n" + demo.stderr());

    // AND SIGTERM stops it cleanly
    demo.sigterm();
    assertEquals(0, demo.waitForExit(STOP_TIMEOUT), demo::stderr);
  }

  /**
   * {@code $AARCH64_JVM_ROOT}, which must hold the JVM; else the default root, and the test
   * is skipped if that does not exist.
   */
  private static Path arm64Root() {
    String configured = System.getenv(ROOT_ENV);
    Path root;
    if (configured != null && !configured.isBlank()) {
      root = Path.of(configured);
    } else {
      root = defaultRoot();
      if (!Files.isDirectory(root)) {
        Assumptions.abort("no aarch64 JVM in " + root + ": run scripts/install-arm64-jvm (or set " + ROOT_ENV
            + ") to run this test");
      }
    }
    assertTrue(Files.isExecutable(root.resolve(ARM64_JAVA)),
        () -> root + " has no " + ARM64_JAVA + " (" + ROOT_ENV + "); run scripts/install-arm64-jvm");
    return root;
  }

  /** Where scripts/install-arm64-jvm puts the JVM by default. */
  private static Path defaultRoot() {
    String cache = System.getenv("XDG_CACHE_HOME");
    if (cache == null || cache.isBlank()) {
      String home = Optional.ofNullable(System.getenv("HOME")).orElse(System.getProperty("user.home"));
      cache = Path.of(home, ".cache").toString();
    }
    return Path.of(cache, "vertedge", "arm64-root");
  }

  private static Path qemu() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, QEMU))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseGet(() -> fail(QEMU + " is not on the PATH; run scripts/install-arm64-jvm"));
  }
}

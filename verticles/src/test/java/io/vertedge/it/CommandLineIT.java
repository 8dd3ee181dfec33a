package io.vertedge.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fat jar's command line as a user meets it: exit codes and the one-line errors of API.md §1–§2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandLineIT extends LauncherTestBase {

  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void badConfigExitsTwoWithOneLine() {
    // GIVEN a value that is not a duration, and a misspelt key
    String dataDir = tmp.resolve("cloud").toString();

    // WHEN the cloud starts with each
    VertedgeProcess badValue = launcher.start("cloud", List.of("cloud", "--data-dir", dataDir,
        "--set", "link.heartbeatInterval=fast"));
    VertedgeProcess unknownKey = launcher.start("cloud", List.of("cloud", "--data-dir", dataDir,
        "--set", "link.hartbeatInterval=5s"));

    // THEN each exits 2 with exactly one line naming the key
    assertEquals(2, badValue.waitForExit(EXIT_TIMEOUT), badValue::stderr);
    assertEquals(List.of("vertedge: config: link.heartbeatInterval: \"fast\" is not a duration (e.g. 15s, 500ms)"),
        badValue.stderr().lines().toList());
    assertEquals(2, unknownKey.waitForExit(EXIT_TIMEOUT), unknownKey::stderr);
    assertEquals(List.of("vertedge: config: link.hartbeatInterval: unknown key (did you mean link.heartbeatInterval?)"),
        unknownKey.stderr().lines().toList());
  }

  @Test
  void portInUseExitsTwoNamingTheKey() throws IOException {
    // GIVEN another program listening on a loopback port
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      // WHEN a cloud is told to serve its API there
      VertedgeProcess cloud = launcher.start("cloud", List.of("cloud", "--data-dir", tmp.resolve("cloud").toString(),
          "--set", "api.port=" + port, "--set", "join.port=0", "--set", "link.websocketPort=0",
          "--set", "link.quicPort=0"));

      // THEN it exits 2 with one line naming the key and the port
      assertEquals(2, cloud.waitForExit(EXIT_TIMEOUT), cloud::stderr);
      List<String> lines = cloud.stderr().lines().toList();
      assertEquals(1, lines.size(), () -> "expected one line on stderr, got:\n" + cloud.stderr());
      assertTrue(lines.get(0).startsWith("vertedge: ") && lines.get(0).contains("cloud.api.port: " + port + " is in use"),
          lines.get(0));
    }
  }

  @Test
  void versionPrintsVersionAndSha() {
    // WHEN
    VertedgeProcess version = launcher.start("version", List.of("version"));

    // THEN
    assertEquals(0, version.waitForExit(EXIT_TIMEOUT), version::stderr);
    String line = version.stdout().trim();
    assertTrue(line.matches("vertedge 0\\.1\\.0 \\(([0-9a-f]{7,}|unknown)\\)"), line);
  }
}

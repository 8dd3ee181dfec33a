package io.vertedge.it;

import io.vertedge.it.Launcher.Cloud;
import io.vertedge.it.Launcher.CloudPorts;
import io.vertedge.it.Launcher.Edge;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM flags we recommend, run as {@code ./vertedge edge|cloud} and the image run them: an edge
 * on a small gateway with exactly {@code conf/edge-jvm.options} (docs/small-gateway.md), a cloud
 * with exactly {@code conf/cloud-jvm.options} (ZGC, BENCHMARKS.md "Desired value"). A flag the JVM
 * refuses, or limits a node cannot start or link under, would stop every such node.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JvmFlagsIT extends LauncherTestBase {

  // failsafe runs in the module directory; conf/ sits at the repository root
  private static final Path OPTIONS = Path.of("..", "conf", "edge-jvm.options").toAbsolutePath().normalize();
  private static final Path CLOUD_OPTIONS = Path.of("..", "conf", "cloud-jvm.options").toAbsolutePath().normalize();

  private final Http http = new Http();

  @Test
  void anEdgeWithTheRecommendedFlagsJoinsLinksAndHasTheirHeap() {
    assertTrue(Files.isRegularFile(OPTIONS), OPTIONS::toString);
    Cloud cloud = launcher.startCloud(tmp.resolve("cloud"), CloudPorts.ANY);

    Edge edge = launcher.startEdgeWithJvmOptions(tmp.resolve("edge"), cloud, launcher.token(cloud),
        List.of("@" + OPTIONS), "--transport", "websocket");

    Poll.until(Duration.ofSeconds(30), () -> "the edge reports connected: " + node(edge).encode(),
        () -> node(edge).getBoolean("connected"));
    assertEquals(200, http.get(edge.api() + "/readyz").status());
    // the serial collector's old generation is what -Xmx64m -Xmn4m leave it: 60 MiB
    String metrics = http.get(edge.api() + "/metrics").body();
    List<String> limits = metrics.lines().filter(line -> line.startsWith("jvm_memory_limit_bytes{")).toList();
    assertTrue(limits.stream().anyMatch(line -> line.contains("jvm_memory_pool_name=\"Tenured Gen\"")
        && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) == 60 * 1024 * 1024), limits::toString);
  }

  @Test
  void aCloudWithTheRecommendedFlagsServesAndCollectsWithZgc() {
    assertTrue(Files.isRegularFile(CLOUD_OPTIONS), CLOUD_OPTIONS::toString);

    Cloud cloud = launcher.startCloudWithJvmOptions(tmp.resolve("cloud"), List.of("@" + CLOUD_OPTIONS));

    assertEquals(200, http.get(cloud.api() + "/readyz").status());
    String metrics = http.get(cloud.api() + "/metrics").body();
    List<String> pools = metrics.lines().filter(line -> line.startsWith("jvm_memory_used_bytes{")).toList();
    assertTrue(pools.stream().anyMatch(line -> line.contains("jvm_memory_pool_name=\"ZHeap\"")), pools::toString);
  }

  private JsonObject node(Edge edge) {
    Http.Reply reply = http.get(edge.api() + "/api/v1/node");
    assertEquals(200, reply.status(), reply::body);
    return reply.json();
  }
}

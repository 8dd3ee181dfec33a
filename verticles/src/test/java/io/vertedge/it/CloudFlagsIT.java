package io.vertedge.it;

import io.vertedge.it.Launcher.Cloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cloud run as {@code ./vertedge cloud} and the image run it: with exactly the JVM flags of
 * {@code conf/cloud-jvm.options} (ZGC, measured in BENCHMARKS.md "Desired value"). A flag the JVM
 * refuses would stop every such cloud.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CloudFlagsIT {

  // failsafe runs in the module directory; conf/ sits at the repository root
  private static final Path OPTIONS = Path.of("..", "conf", "cloud-jvm.options").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  private final Http http = new Http();
  private Launcher launcher;

  @AfterEach
  void killChildren() {
    if (launcher != null) {
      launcher.close();
    }
  }

  @Test
  void aCloudWithTheRecommendedFlagsServesAndCollectsWithZgc() {
    assertTrue(Files.isRegularFile(OPTIONS), OPTIONS::toString);
    launcher = new Launcher(tmp);

    Cloud cloud = launcher.startCloudWithJvmOptions(tmp.resolve("cloud"), List.of("@" + OPTIONS));

    assertEquals(200, http.get(cloud.api() + "/readyz").status());
    String metrics = http.get(cloud.api() + "/metrics").body();
    List<String> pools = metrics.lines().filter(line -> line.startsWith("jvm_memory_used_bytes{")).toList();
    assertTrue(pools.stream().anyMatch(line -> line.contains("jvm_memory_pool_name=\"ZHeap\"")), pools::toString);
  }
}

package io.vertedge.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The two sides {@code vertedge demo} runs in one JVM. The edge's {@code cloud} is the demo
 * cloud's join address as configured; the runtime replaces it with
 * {@link EdgeConfig#withCloud} once the join port is bound (it may be port 0).
 *
 * @param dataDir the demo directory holding {@code cloud/} and {@code edge/}
 */
public record DemoConfig(Path dataDir, CloudConfig cloud, EdgeConfig edge) {
  public DemoConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(edge, "edge");
  }
}

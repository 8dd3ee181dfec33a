package io.vertedge.runtime;

import io.vertedge.config.CloudConfig;
import io.vertedge.config.EdgeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The composition roots the command line hands over to. PLACEHOLDER: the runtime replaces
 * these bodies at integration; the signatures are the contract with {@code io.vertedge.cli}.
 * Each returns the process exit code; a {@code ConfigException} means exit 2, any other
 * exception exit 1.
 */
public final class Modes {

  private Modes() { }

  /** Runs the cloud until SIGINT/SIGTERM. */
  public static int runCloud(CloudConfig config) {
    throw new IllegalStateException("not wired yet");
  }

  /** Runs an edge until SIGINT/SIGTERM; the token is only used for the first join. */
  public static int runEdge(EdgeConfig config, Optional<String> token) {
    throw new IllegalStateException("not wired yet");
  }

  /** Runs a cloud and an edge in one JVM; the edge's cloud address is set once the cloud is bound. */
  public static int runDemo(CloudConfig cloud, EdgeConfig edge) {
    throw new IllegalStateException("not wired yet");
  }

  /** Mints a join token from {@code <cloudDataDir>/pki} and prints it as one line on stdout. */
  public static int mintToken(Path cloudDataDir, Duration ttl) {
    throw new IllegalStateException("not wired yet");
  }
}

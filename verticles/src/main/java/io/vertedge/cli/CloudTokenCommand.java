package io.vertedge.cli;

import io.vertedge.config.ConfigException;
import io.vertedge.config.DataDirs;
import io.vertedge.config.Units;
import io.vertedge.runtime.Modes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vertedge cloud token}: prints one join token. Works beside a running cloud, since
 * it reads only the CA in {@code <data>/pki}; so it creates nothing either.
 */
@Command(name = "token", description = "Print a join token for an edge (one line on stdout).")
final class CloudTokenCommand implements Callable<Integer> {

  @ParentCommand
  CloudCommand cloud;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "The cloud's data directory (default as for 'vertedge cloud').")
  Path dataDir;

  @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "24h",
      description = "How long the token may be used to join, e.g. 1h, 24h, 7d (default: ${DEFAULT-VALUE}).")
  String ttl;

  @Override
  public Integer call() {
    Path dir = dataDir != null ? dataDir.toAbsolutePath().normalize()
        : DataDirs.defaultFor("cloud", cloud.main.env());
    return Modes.mintToken(dir, ttl());
  }

  private Duration ttl() {
    Duration parsed;
    try {
      parsed = Units.parseDuration(ttl);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config: --ttl: " + e.getMessage());
    }
    if (parsed.isZero()) {
      throw new ConfigException("config: --ttl: " + Units.quote(ttl) + " is too short (a token must live a while)");
    }
    return parsed;
  }
}

package io.vertedge.cli;

import io.vertedge.config.ConfigSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every running mode shares: {@code --data-dir}, {@code --set}, {@code --log-level}. */
final class CommonOptions {

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Data directory (default: /var/lib/vertedge/<mode> as root, else $${XDG_DATA_HOME:-~/.local/share}/vertedge/<mode>).")
  Path dataDir;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Set a configuration key, e.g. --set link.heartbeatInterval=5s (repeatable; wins over file and environment).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--log-level", paramLabel = "LEVEL", converter = LogLevel.Converter.class,
      completionCandidates = LogLevel.Names.class, description = "Log level: ${COMPLETION-CANDIDATES}.")
  LogLevel logLevel;

  /** The sources this command line contributes, over the given environment. */
  ConfigSources sources(Map<String, String> env) {
    return ConfigSources.empty().withEnv(env).withSets(sets).withDataDir(dataDir);
  }

  void applyLogLevel() {
    if (logLevel != null) {
      logLevel.apply();
    }
  }
}

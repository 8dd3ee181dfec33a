package io.vertedge.cli;

import io.vertedge.config.ConfigException;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.DataDirs;
import io.vertedge.config.EdgeConfig;
import io.vertedge.config.EdgeKeys;
import io.vertedge.runtime.Modes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vertedge edge}: loads the edge's configuration and runs the edge. */
@Command(name = "edge", description = "Run an edge node.")
final class EdgeCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  // not picocli-required: nodeName and cloud may come from the file or the environment instead
  @Option(names = "--cloud", paramLabel = "HOST[:PORT]", description = "The cloud's join address (port 10002 when omitted).")
  String cloud;

  @Option(names = "--node-name", paramLabel = "NAME", description = "This node's name.")
  String nodeName;

  @Option(names = "--token", paramLabel = "TOKEN", description = "Join token, needed for the first join only.")
  String token;

  @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the join token.")
  Path tokenFile;

  @Option(names = "--transport", paramLabel = "websocket|quic|auto", description = "Link transport (default: auto).")
  String transport;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (see conf/edge.yaml).")
  Path config;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    if (token != null && tokenFile != null) {
      throw new ParameterException(spec.commandLine(), "--token and --token-file are mutually exclusive");
    }
    common.applyLogLevel();
    EdgeConfig edge = ConfigLoader.loadEdge(common.sources(main.env()).withFile(config)
        .withFlag(EdgeKeys.CLOUD.name(), cloud)
        .withFlag(EdgeKeys.NODE_NAME.name(), nodeName)
        .withFlag(EdgeKeys.TRANSPORT.name(), transport));
    Optional<String> joinToken = token();
    DataDirs.create(edge.dataDir());
    return Modes.runEdge(edge, joinToken);
  }

  private Optional<String> token() {
    if (tokenFile != null) {
      try {
        return Optional.of(nonEmpty("--token-file " + tokenFile, Files.readString(tokenFile, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new ConfigException("--token-file " + tokenFile + ": cannot read (" + e.getClass().getSimpleName() + ")");
      }
    }
    return token == null ? Optional.empty() : Optional.of(nonEmpty("--token", token));
  }

  private static String nonEmpty(String what, String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new ConfigException(what + ": the token is empty");
    }
    return trimmed;
  }
}

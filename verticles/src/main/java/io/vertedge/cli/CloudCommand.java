package io.vertedge.cli;

import io.vertedge.config.CloudConfig;
import io.vertedge.config.ConfigLoader;
import io.vertedge.config.DataDirs;
import io.vertedge.runtime.Modes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vertedge cloud}: loads the cloud's configuration and runs the cloud. */
@Command(name = "cloud", description = "Run the cloud hub.", subcommands = CloudTokenCommand.class)
final class CloudCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (see conf/cloud.yaml).")
  Path config;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    common.applyLogLevel();
    CloudConfig cloud = ConfigLoader.loadCloud(common.sources(main.env()).withFile(config));
    DataDirs.create(cloud.dataDir());
    return Modes.runCloud(cloud);
  }
}

package io.vertedge.cli;

import io.vertedge.config.ConfigLoader;
import io.vertedge.config.DataDirs;
import io.vertedge.config.DemoConfig;
import io.vertedge.runtime.Modes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vertedge demo}: a cloud and an edge in one JVM, configured together. */
@Command(name = "demo", description = {"Run a cloud and an edge in one JVM.",
    "--set keys may start with 'cloud.' or 'edge.' for one side; unprefixed keys apply to both sides that have them."})
final class DemoCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    common.applyLogLevel();
    DemoConfig demo = ConfigLoader.loadDemo(common.sources(main.env()));
    DataDirs.create(demo.dataDir());
    DataDirs.create(demo.cloud().dataDir());
    DataDirs.create(demo.edge().dataDir());
    return Modes.runDemo(demo.cloud(), demo.edge());
  }
}

package io.vertedge.cli.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vertedge ctl}: the device CLI, kubectl's way, against the cloud API ({@code --server})
 * or, for reads, the edge API ({@code --edge}). See docs/ctl.md.
 */
@Command(name = "ctl", description = {"Manage devices, device models, twins and nodes, and call device methods, through the cloud API,",
    "or read what an edge holds with --edge (also while the cloud is down)."},
    subcommands = {ApplyCommand.class, GetCommand.class, DeleteCommand.class, TwinCommand.class,
        CallCommand.class})
public final class CtlCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CtlException.USAGE;
  }
}

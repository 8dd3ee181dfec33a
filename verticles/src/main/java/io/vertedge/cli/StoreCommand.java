package io.vertedge.cli;

import io.vertedge.store.StoreCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vertedge store check|repair --data-dir DIR}: verifies a stopped node's store, and
 * moves damaged parts aside (never deletes). Exit 0 healthy or repaired, 1 problems found or a
 * repair refused, 2 usage.
 */
@Command(name = "store", description = "Check or repair a stopped node's store.",
    subcommands = {StoreCommand.Check.class, StoreCommand.Repair.class})
final class StoreCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.USAGE;
  }

  /** What both subcommands take: the data directory of a stopped node; exit 0 when all went well. */
  abstract static class OnDataDir implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--data-dir", paramLabel = "DIR", required = true, description = "The node's data directory.")
    Path dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      return run(dataDir.toAbsolutePath().normalize(), spec.commandLine().getOut()) ? Main.OK : Main.FAILED;
    }

    abstract boolean run(Path dataDir, PrintWriter out) throws IOException;
  }

  @Command(name = "check", description = "Read every log and the state store; report problems (exit 1 when any).")
  static final class Check extends OnDataDir {
    @Override
    boolean run(Path dataDir, PrintWriter out) throws IOException {
      return StoreCheck.check(dataDir, out);
    }
  }

  @Command(name = "repair", description = "Move damaged parts aside into damaged-<time>/ with a README; never delete.")
  static final class Repair extends OnDataDir {
    @Override
    boolean run(Path dataDir, PrintWriter out) throws IOException {
      return StoreCheck.repair(dataDir, out);
    }
  }
}

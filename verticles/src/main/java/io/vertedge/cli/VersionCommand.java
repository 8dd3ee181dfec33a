package io.vertedge.cli;

import io.vertedge.BuildInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vertedge version}: {@code vertedge <version> (<git sha>)}, from the build's {@code version.properties}. */
@Command(name = "version", description = "Print the version and git commit.")
final class VersionCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(line());
    return Main.OK;
  }

  /** The version line of this build. */
  static String line() {
    return BuildInfo.current().line();
  }

  /** Makes {@code vertedge --version} print the same line. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {line()};
    }
  }
}

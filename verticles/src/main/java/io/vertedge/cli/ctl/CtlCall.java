package io.vertedge.cli.ctl;

import io.vertedge.cli.Main;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every ctl command shares: where to send requests ({@link Connection}), its output
 * streams, and turning a {@link CtlException} into one {@code vertedge: ...} line and its exit
 * code.
 */
abstract class CtlCall implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Mixin
  Connection connection;

  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (CtlException e) {
      err().println("vertedge: " + e.getMessage());
      return e.exitCode();
    }
  }

  /** Does the work; returns the exit code (0, or 1 when some part failed and said so). */
  abstract int run();

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** The client of the API the options name: the cloud's, or the edge's for reads. */
  ApiClient client() {
    return connection.client(env());
  }

  /** For a command that writes: refuses {@code --edge}, which serves reads only. */
  ApiClient writingClient() {
    if (connection.edgeRequested()) {
      throw CtlException.usage(spec.qualifiedName().replaceFirst("^vertedge ", "") + ": --edge serves reads only (get, twin get); "
          + "writes go to the cloud: drop --edge (or give --server URL)");
    }
    return client();
  }

  private Map<String, String> env() {
    return spec.root().userObject() instanceof Main main ? main.env() : System.getenv();
  }
}

package io.vertedge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vertedge version}: {@code vertedge <version> (<git sha>)}, from the build's {@code version.properties}. */
@Command(name = "version", description = "Print the version and git commit.")
final class VersionCommand implements Callable<Integer> {

  static final String RESOURCE = "io/vertedge/version.properties";

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
    Properties p = new Properties();
    try (InputStream in = VersionCommand.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // a broken jar still deserves an answer
    }
    return line(p);
  }

  /** {@code vertedge <version> (<sha>)}; a value the build did not fill in reads {@code unknown}. */
  static String line(Properties p) {
    return "vertedge " + value(p, "version") + " (" + value(p, "sha") + ")";
  }

  private static String value(Properties p, String key) {
    String v = p.getProperty(key, "").strip();
    return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
  }

  /** Makes {@code vertedge --version} print the same line. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {line()};
    }
  }
}

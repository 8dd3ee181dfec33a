package io.vertedge.cli;

import io.vertedge.cli.ctl.CtlCommand;
import io.vertedge.config.ConfigException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code vertedge}: the command line of API.md §1. Exit codes: 0 clean stop, 1 runtime
 * failure, 2 usage or configuration error; a mistake is one line on stderr, never a stack trace.
 */
@Command(name = "vertedge", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
    description = "Vertedge, a cloud-edge device hub.")
public final class Main implements Callable<Integer> {

  /** The commands by name, in the order help lists them. */
  private static final Map<String, Class<?>> COMMANDS = commands(CloudCommand.class, EdgeCommand.class,
      DemoCommand.class, CtlCommand.class, StoreCommand.class, VersionCommand.class);

  /** Clean stop. */
  public static final int OK = 0;
  /** The runtime failed. */
  public static final int FAILED = 1;
  /** The user asked for something impossible: bad option, key or value. */
  public static final int USAGE = 2;

  private final Map<String, String> env;

  @Spec
  CommandSpec spec;

  Main(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Runs and exits with the code of {@link #run}. */
  public static void main(String... args) {
    int code = run(args);
    // the console appender is asynchronous: let it write what the stop logged before the JVM ends
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logging) {
      logging.stop();
    }
    System.exit(code);
  }

  /** Runs one command line against the process environment and returns its exit code. Never exits. */
  public static int run(String... args) {
    return run(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Like {@link #run(String...)} with the environment and streams given, for tests. */
  public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine(new Main(env), args)
        .setOut(out)
        .setErr(err)
        .setParameterExceptionHandler(Main::usageError)
        .setExecutionExceptionHandler(Main::failure);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Only the command named first is modelled, when one is: picocli reads every option of every
   * command it is given, and an edge would keep the classes of the others (cloud, demo, ctl,
   * store) for its whole life. Anything else (help, a mistake) gets them all.
   */
  static CommandLine commandLine(Main main, String... args) {
    CommandLine cli = new CommandLine(main);
    String first = args.length == 0 ? "" : args[0];
    COMMANDS.forEach((name, command) -> {
      if (!COMMANDS.containsKey(first) || name.equals(first)) {
        cli.addSubcommand(command);
      }
    });
    return cli;
  }

  private static Map<String, Class<?>> commands(Class<?>... commands) {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (Class<?> command : commands) {
      byName.put(command.getAnnotation(Command.class).name(), command);
    }
    return byName;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command (cloud, edge, demo, ctl, store or version)");
  }

  /** The environment the command line runs in (the process's, or a test's). */
  public Map<String, String> env() {
    return env;
  }

  /** Picocli's own mistakes (unknown option, bad option value): the message and where to look. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    cli.getErr().println("vertedge: " + oneLine(e.getMessage()));
    cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
    return USAGE;
  }

  /** What the commands and the runtime throw: a config mistake (2) or a failure (1), one line each. */
  static int failure(Exception e, CommandLine cli, ParseResult parsed) {
    cli.getErr().println("vertedge: " + oneLine(describe(e)));
    return e instanceof ConfigException ? USAGE : FAILED;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}

package io.vertedge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code java -jar vertedge.jar ...} child process, its stdout and stderr captured to
 * files so a failing test can show what the product said.
 */
final class VertedgeProcess {

  /** The fat jar under test; failsafe passes its path as the system property {@code vertedge.jar}. */
  static final Path JAR = Path.of(System.getProperty("vertedge.jar", "target/vertedge.jar"));

  /** The JVM running the tests. */
  static final List<String> HOST_JAVA = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());

  /** Small heaps, and C1 only: on two shared cores it halves start-up and join time of the children. */
  private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private VertedgeProcess(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts {@code vertedge <args>}; {@code name} names the capture files in {@code logDir}. */
  static VertedgeProcess start(Path logDir, String name, List<String> args) {
    return start(logDir, name, HOST_JAVA, args);
  }

  /**
   * Starts {@code vertedge <args>} with another JVM: {@code java} is the command that runs it,
   * with any options of its own (e.g. an aarch64 {@code java} under qemu-user).
   */
  static VertedgeProcess start(Path logDir, String name, List<String> java, List<String> args) {
    List<String> withOptions = new ArrayList<>(java);
    withOptions.addAll(JVM_OPTIONS);
    return startExactly(logDir, name, withOptions, args);
  }

  /** Starts {@code vertedge <args>} with {@code java} as given: none of the tests' JVM options added. */
  static VertedgeProcess startExactly(Path logDir, String name, List<String> java, List<String> args) {
    List<String> command = new ArrayList<>(java);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(args);
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    try {
      Process process = new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
      process.getOutputStream().close();
      return new VertedgeProcess(name, process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until {@code file} exists; fails at once, with the process's stderr, if it exits first. */
  void waitForFile(Path file, Duration timeout) {
    Poll.until(timeout, () -> name + " writes " + file, () -> {
      if (Files.exists(file)) {
        return true;
      }
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + " before writing " + file
            + "\n" + stderr());
      }
      return false;
    });
  }

  /**
   * Waits until a line of stdout matches {@code pattern} in full and returns its match; fails
   * at once, with the process's output, if it exits first.
   */
  Matcher awaitStdoutLine(Pattern pattern, Duration timeout) {
    Matcher[] found = new Matcher[1];
    Poll.until(timeout, () -> name + " prints a line matching " + pattern + "\nstdout:\n" + stdout()
        + "\nstderr:\n" + stderr(), () -> {
          boolean alive = process.isAlive();
          found[0] = stdout().lines().map(pattern::matcher).filter(Matcher::matches).findFirst().orElse(null);
          if (found[0] == null && !alive) {
            throw new AssertionError(name + " exited with " + process.exitValue() + " before printing a line matching "
                + pattern + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr());
          }
          return found[0] != null;
        });
    return found[0];
  }

  /** Sends SIGTERM ({@link Process#destroy()} on Linux). */
  void sigterm() {
    process.destroy();
  }

  /** Waits for the process to exit and returns its exit code; fails if it is still running after {@code timeout}. */
  int waitForExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still running after " + timeout + "\n" + stderr());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + name, e);
    }
  }

  /** SIGKILL, then waits for the process to be gone; safe to call on a dead process. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String stdout() {
    return read(stdout);
  }

  String stderr() {
    return read(stderr);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

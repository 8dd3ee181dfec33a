package io.vertedge.runtime;

import io.vertedge.cli.Main;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs {@code vertedge ctl ...} in this JVM as a user would, capturing exit code, stdout and stderr. */
final class CtlRunner {

  private CtlRunner() { }

  record Result(int code, String out, String err) {
    List<String> outLines() {
      return out.isBlank() ? List.of() : out.strip().lines().toList();
    }

    List<String> errLines() {
      return err.isBlank() ? List.of() : err.strip().lines().toList();
    }
  }

  /** {@code vertedge ctl ARGS --server URL}, or without {@code --server} for a null URL. */
  static Result at(String server, String... args) {
    if (server == null) {
      return run(args);
    }
    String[] withServer = Arrays.copyOf(args, args.length + 2);
    withServer[args.length] = "--server";
    withServer[args.length + 1] = server;
    return run(withServer);
  }

  /** As {@link #at}, with {@code stdin} on standard input (for {@code -f -}). */
  static Result withStdin(String stdin, String server, String... args) {
    InputStream before = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      return at(server, args);
    } finally {
      System.setIn(before);
    }
  }

  /** {@code vertedge ctl ARGS}. */
  static Result run(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "ctl";
    System.arraycopy(args, 0, full, 1, args.length);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), full);
    return new Result(code, out.toString(), err.toString());
  }

  /** The cells of a table line. */
  static List<String> words(String line) {
    return Arrays.asList(line.trim().split("\\s+"));
  }

  /** A sample of {@code src/test/resources/devices}. */
  static String sample(String name) {
    try (InputStream in = CtlRunner.class.getResourceAsStream("/devices/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

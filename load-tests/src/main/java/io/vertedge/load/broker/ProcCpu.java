package io.vertedge.load.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process from {@code /proc/<pid>/stat}. */
final class ProcCpu {

  private static final double TICKS_PER_SECOND = clockTicks();

  private ProcCpu() {
  }

  /** utime + stime in seconds. */
  static double seconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // the command name in parentheses may hold spaces: count fields after its closing one
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }

  private static double clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      return Double.parseDouble(new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      return 100;
    }
  }
}

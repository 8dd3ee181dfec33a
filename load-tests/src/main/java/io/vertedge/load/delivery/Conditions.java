package io.vertedge.load.delivery;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** What a benchmark ran on, printed with its numbers: cores, JDK, filesystem, load, date. */
final class Conditions {

  private Conditions() {
  }

  /** One line: date, cores, CPU model, JDK, JVM options, filesystem of {@code dir}. */
  static String machine(Path dir) {
    return String.format(Locale.ROOT, "%s; %d cores (%s); JDK %s (%s); filesystem %s",
        ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.vm.version"),
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()), filesystem(dir));
  }

  /** The 1, 5 and 15 minute load averages, as {@code /proc/loadavg} says. */
  static String load() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** {@code df -T}: type and device of the filesystem holding {@code dir}. */
  static String filesystem(Path dir) {
    try {
      Process df = new ProcessBuilder("df", "-T", dir.toString()).redirectErrorStream(true).start();
      List<String> lines = new String(df.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      String[] fields = lines.get(lines.size() - 1).trim().split("\\s+");
      return fields[1] + " on " + fields[0] + " (" + dir + ")";
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e + ")";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }
}

package io.vertedge.load.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the machine and Mosquitto are, for the conditions printed with the numbers. */
final class ProcInfo {

  private ProcInfo() {
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  static String os() {
    try {
      return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(line -> line.startsWith("PRETTY_NAME="))
          .map(line -> line.substring(line.indexOf('=') + 1).replace("\"", "")).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  /** The first line of {@code mosquitto -h}, e.g. "mosquitto version 2.0.11". */
  static String mosquittoVersion() {
    try {
      Process help = new ProcessBuilder("/usr/sbin/mosquitto", "-h").redirectErrorStream(true).start();
      return new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("?");
    } catch (IOException e) {
      return "? (" + e.getMessage() + ")";
    }
  }
}

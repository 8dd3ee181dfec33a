package io.vertedge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertedge.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

@Timeout(10)
class MainTest {

  @TempDir
  Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return run(Map.of(), args);
  }

  private int run(Map<String, String> env, String... args) {
    return Main.run(env, new PrintWriter(out), new PrintWriter(err), args);
  }

  private String[] errLines() {
    return err.toString().lines().toArray(String[]::new);
  }

  @Test
  void versionPrintsNameVersionAndSha() {
    assertEquals(0, run("version"));
    assertTrue(out.toString().matches("vertedge \\S+ \\(\\S+\\)\\R"), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void versionOfAnUnfilteredBuildSaysUnknown() {
    Properties p = new Properties();
    p.setProperty("version", "0.1.0");
    p.setProperty("sha", "${git.commit.id.abbrev}");
    assertEquals("vertedge 0.1.0 (unknown)", new io.vertedge.BuildInfo(p).line());
    p.setProperty("sha", "abc1234");
    assertEquals("vertedge 0.1.0 (abc1234)", new io.vertedge.BuildInfo(p).line());
    assertEquals("vertedge unknown (unknown)", new io.vertedge.BuildInfo(new Properties()).line());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "cloud", "cloud token", "edge", "demo", "version"})
  void helpOnEveryCommandExitsZero(String command) {
    String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
    assertEquals(0, run(args));
    assertTrue(out.toString().startsWith("Usage: vertedge" + (command.isEmpty() ? "" : " " + command)), out.toString());
  }

  @Test
  void helpListsEveryCommandInOrder() {
    assertEquals(0, run("--help"));
    String help = out.toString();
    int at = help.indexOf("Commands:");
    assertTrue(at > 0, help);
    int previous = at;
    for (String command : new String[] {"cloud", "edge", "demo", "ctl", "store", "version"}) {
      int position = help.indexOf("\n  " + command + " ", previous);
      assertTrue(position > previous, command + " listed after the one before it: " + help);
      previous = position;
    }
  }

  @Test
  void aCommandRunIsTheOnlyOneModelled() {
    CommandLine edge = Main.commandLine(new Main(Map.of()), "edge", "--cloud", "c:1");
    assertEquals(java.util.Set.of("edge"), edge.getSubcommands().keySet());
    CommandLine mistake = Main.commandLine(new Main(Map.of()), "egde");
    assertEquals(java.util.List.of("cloud", "edge", "demo", "ctl", "store", "version"),
        java.util.List.copyOf(mistake.getSubcommands().keySet()));
  }

  @Test
  void anUnknownCommandIsAUsageErrorNamingIt() {
    assertEquals(2, run("egde"));
    assertTrue(errLines()[0].contains("egde"), err.toString());
  }

  @Test
  void edgeHelpListsItsOptions() {
    run("edge", "--help");
    for (String option : new String[] {"--cloud", "--node-name", "--token", "--token-file", "--transport",
        "--config", "--data-dir", "--set", "--log-level"}) {
      assertTrue(out.toString().contains(option), option);
    }
  }

  @Test
  void unknownOptionIsAUsageErrorWithAHint() {
    assertEquals(2, run("cloud", "--bogus"));
    String[] lines = errLines();
    assertEquals(2, lines.length, err.toString());
    assertEquals("vertedge: Unknown option: '--bogus'", lines[0]);
    assertEquals("Try 'vertedge cloud --help' for more information.", lines[1]);
  }

  @Test
  void noCommandIsAUsageError() {
    assertEquals(2, run());
    assertTrue(errLines()[0].startsWith("vertedge: missing command"), err.toString());
  }

  @Test
  void badDurationIsExactlyTheApiLine() {
    assertEquals(2, run("cloud", "--data-dir", tmp.toString(), "--set", "link.heartbeatInterval=fast"));
    assertEquals("vertedge: config: link.heartbeatInterval: \"fast\" is not a duration (e.g. 15s, 500ms)"
        + System.lineSeparator(), err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void unknownKeyIsExactlyTheApiLine() {
    assertEquals(2, run("cloud", "--data-dir", tmp.toString(), "--set", "link.hartbeatInterval=5s"));
    assertEquals("vertedge: config: link.hartbeatInterval: unknown key (did you mean link.heartbeatInterval?)"
        + System.lineSeparator(), err.toString());
  }

  @Test
  void unknownVertedgeVariableStopsStart() {
    assertEquals(2, run(Map.of("VERTEDGE_API_PROT", "1"), "cloud", "--data-dir", tmp.toString()));
    assertEquals(1, errLines().length);
    assertTrue(errLines()[0].startsWith("vertedge: config: VERTEDGE_API_PROT: unknown key (did you mean"), err.toString());
  }

  @Test
  void badYamlFileIsOneLineWithItsLine() throws IOException {
    Path file = Files.writeString(tmp.resolve("edge.yaml"), "nodeName: a\n  cloud: b\n");
    assertEquals(2, run("edge", "--config", file.toString(), "--data-dir", tmp.toString()));
    assertEquals(1, errLines().length, err.toString());
    assertTrue(errLines()[0].startsWith("vertedge: config: " + file + ":2: "), err.toString());
  }

  @Test
  void edgeWithoutNodeNameSaysSo() {
    assertEquals(2, run("edge", "--cloud", "c", "--data-dir", tmp.toString()));
    assertEquals("vertedge: config: nodeName: required (set --node-name NAME)" + System.lineSeparator(), err.toString());
  }

  @Test
  void transportFlagIsCheckedLikeAKey() {
    assertEquals(2, run("edge", "--cloud", "c", "--node-name", "n", "--transport", "tcp", "--data-dir", tmp.toString()));
    assertEquals("vertedge: config: transport: \"tcp\" is not one of websocket, quic, auto" + System.lineSeparator(),
        err.toString());
  }

  @Test
  void tokenAndTokenFileExcludeEachOther() {
    assertEquals(2, run("edge", "--cloud", "c", "--node-name", "n", "--token", "t", "--token-file", "f"));
    assertTrue(errLines()[0].contains("mutually exclusive"), err.toString());
  }

  @Test
  void unreadableTokenFileIsAUserError() {
    Path missing = tmp.resolve("token");
    assertEquals(2, run("edge", "--cloud", "c", "--node-name", "n", "--token-file", missing.toString(),
        "--data-dir", tmp.resolve("edge").toString()));
    assertEquals("vertedge: --token-file " + missing + ": cannot read (NoSuchFileException)" + System.lineSeparator(),
        err.toString());
    assertTrue(Files.notExists(tmp.resolve("edge")), "nothing is created for a refused start");
  }

  @Test
  void logLevelOutsideTheListIsRefused() {
    assertEquals(2, run("cloud", "--log-level", "nonsense"));
    assertTrue(errLines()[0].startsWith("vertedge: Invalid value for option '--log-level'"), err.toString());
    assertTrue(errLines().length <= 2, err.toString());
  }

  @Test
  void logLevelSetsTheRootLogger() {
    var root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var before = root.getLevel();
    try {
      // the bad key stops start after the level is applied, so nothing runs
      assertEquals(2, run("cloud", "--log-level", "WARN", "--set", "nope=1", "--data-dir", tmp.toString()));
      assertEquals(ch.qos.logback.classic.Level.WARN, root.getLevel());
    } finally {
      root.setLevel(before);
    }
  }

  @Test
  void tokenTtlMustBeADuration() {
    assertEquals(2, run("cloud", "token", "--ttl", "soon", "--data-dir", tmp.toString()));
    assertEquals("vertedge: config: --ttl: \"soon\" is not a duration (e.g. 15s, 500ms)" + System.lineSeparator(),
        err.toString());
  }

  @Test
  void demoSetIsCheckedPerSide() {
    assertEquals(2, run("demo", "--data-dir", tmp.toString(), "--set", "edge.api.prot=1"));
    assertEquals("vertedge: config: edge.api.prot: unknown key (did you mean edge.api.port?)" + System.lineSeparator(),
        err.toString());
  }

  @Test
  void runtimeConfigErrorsExitTwoAndOtherFailuresOne() {
    CommandLine cli = new CommandLine(new Main(Map.of())).setErr(new PrintWriter(err, true));
    assertEquals(2, Main.failure(new ConfigException("edge.api.port: 7777 is in use (another mapper?); set api.port"), cli, null));
    assertEquals(1, Main.failure(new IllegalStateException("store is locked\nby pid 7"), cli, null));
    assertEquals(1, Main.failure(new RuntimeException(), cli, null));
    assertEquals(new String[] {
        "vertedge: edge.api.port: 7777 is in use (another mapper?); set api.port",
        "vertedge: store is locked by pid 7",
        "vertedge: RuntimeException"}.length, errLines().length);
    assertEquals("vertedge: store is locked by pid 7", errLines()[1]);
    assertEquals("vertedge: RuntimeException", errLines()[2]);
  }
}

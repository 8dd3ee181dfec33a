package io.vertedge.cli.ctl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where ctl sends its requests when not told, how {@code --edge} takes its URL, and kubectl's ages. */
class ConnectionTest {

  @TempDir Path dir;

  @Test
  void theCloudsEndpointsFileWinsThenTheDemosThenTheDefault() throws IOException {
    Path cloud = Files.createDirectories(dir.resolve("cloud"));
    Path demoCloud = Files.createDirectories(dir.resolve("demo/cloud"));
    List<Path> dirs = List.of(cloud, demoCloud);
    assertEquals(new Connection.Target(Connection.CLOUD_DEFAULT, ""),
        Connection.discovered(dirs, Connection.CLOUD_DEFAULT));

    Files.writeString(demoCloud.resolve("endpoints.json"), "{\"api\":\"http://127.0.0.1:40001\"}");
    assertEquals("http://127.0.0.1:40001", Connection.discovered(dirs, Connection.CLOUD_DEFAULT).url());

    Files.writeString(cloud.resolve("endpoints.json"), "{\"api\":\"http://127.0.0.1:40123\",\"join\":\"https://x\"}");
    Connection.Target found = Connection.discovered(dirs, Connection.CLOUD_DEFAULT);
    assertEquals("http://127.0.0.1:40123", found.url());
    assertEquals(cloud.resolve("endpoints.json").toString(), found.origin());

    Files.writeString(cloud.resolve("endpoints.json"), "{not json");
    assertEquals("http://127.0.0.1:40001", Connection.discovered(dirs, Connection.CLOUD_DEFAULT).url(),
        "a damaged file is passed over");
  }

  @Test
  void edgeTakesTheNextArgumentOnlyWhenItIsAUrl() {
    assertEquals("", edgeOf("--edge", "devices"));
    assertEquals("http://10.0.0.5:7777", edgeOf("--edge", "http://10.0.0.5:7777", "devices"));
    assertEquals("", edgeOf("devices", "--edge"));
    assertEquals(null, edgeOf("devices"));
  }

  @Test
  void agesReadAsKubectlWritesThem() {
    assertEquals("0s", Table.human(Duration.ofMillis(-500)));
    assertEquals("119s", Table.human(Duration.ofSeconds(119)));
    assertEquals("3m20s", Table.human(Duration.ofSeconds(200)));
    assertEquals("5m", Table.human(Duration.ofMinutes(5)));
    assertEquals("45m", Table.human(Duration.ofMinutes(45)));
    assertEquals("3h30m", Table.human(Duration.ofMinutes(210)));
    assertEquals("20h", Table.human(Duration.ofHours(20)));
    assertEquals("3d2h", Table.human(Duration.ofHours(74)));
    assertEquals("30d", Table.human(Duration.ofDays(30)));
    assertEquals("2y10d", Table.human(Duration.ofDays(740)));
  }

  /** What {@code --edge} holds after parsing {@code ctl get ARGS}. */
  private static String edgeOf(String... args) {
    GetCommand get = new GetCommand();
    new CommandLine(get).parseArgs(args);
    return get.connection.edge;
  }
}

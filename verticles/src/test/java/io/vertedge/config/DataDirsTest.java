package io.vertedge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class DataDirsTest {

  @TempDir
  Path tmp;

  private final Path home = Path.of("/home/ann");

  @Test
  void rootUsesVarLib() {
    assertEquals(Path.of("/var/lib/vertedge/cloud"), DataDirs.defaultFor("cloud", Map.of(), true, home));
    assertEquals(Path.of("/var/lib/vertedge/demo"), DataDirs.defaultFor("demo", Map.of(), true, home));
  }

  @Test
  void usersUseXdgDataHomeOrLocalShare() {
    assertEquals(Path.of("/home/ann/.local/share/vertedge/edge"), DataDirs.defaultFor("edge", Map.of(), false, home));
    assertEquals(Path.of("/data/vertedge/edge"),
        DataDirs.defaultFor("edge", Map.of("XDG_DATA_HOME", "/data"), false, home));
    // the XDG spec: a relative value is invalid and ignored
    assertEquals(Path.of("/home/ann/.local/share/vertedge/edge"),
        DataDirs.defaultFor("edge", Map.of("XDG_DATA_HOME", "rel"), false, home));
  }

  @Test
  void createdDirectoryIsPrivate() throws IOException {
    Path dir = DataDirs.create(tmp.resolve("a/b/edge"));
    assertTrue(Files.isDirectory(dir));
    assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(dir));
    assertEquals(dir, DataDirs.create(dir)); // idempotent
  }

  @Test
  void aFileInTheWayIsAConfigError() throws IOException {
    Path file = Files.writeString(tmp.resolve("edge"), "x");
    var e = assertThrows(ConfigException.class, () -> DataDirs.create(file));
    assertEquals("config: data directory " + file + " exists and is not a directory", e.getMessage());
  }

  @Test
  void loaderCreatesNothing() {
    Path dir = tmp.resolve("never");
    ConfigLoader.loadCloud(ConfigSources.empty().withDataDir(dir));
    assertTrue(Files.notExists(dir));
  }
}
